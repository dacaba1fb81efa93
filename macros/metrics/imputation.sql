{#- The rule-based imputation, written once and used by the phase-1 model (bases are reported values,
    fct_imputation_rule_based_values) and the phase-2 model (bases may be python_ml estimates,
    fct_imputation_unified_values). In order of preference:
    1. the architecture median ratio x FP32 (for TDP: the architecture median), when the architecture has
       enough products with both values;
    2. the preferred global fallback of the quantity (fct_imputation_ratio_priors.is_preferred_fallback:
       the lower measured error of the log-log regression FP32 -> FP16 and the fixed factor FP16 = 2 x FP32;
       INT8 = 8 x FP32). Tensor FP16/BF16 and TDP have no global fallback: no tensor cores is not a ratio.
    fct_imputation_method_errors measures each method's error on reported data. -#}

{#- one select per quantity: hardware_id, quantity, reported_value, estimated_value, estimate_method.
    inputs: a relation with hardware_id, architecture_id, fp32_tflops (the base) and the quantity's column;
    priors: fct_imputation_ratio_priors. -#}
{% macro rule_based_estimate_select(quantity, inputs, priors) -%}
    {%- set base = '1.0' if quantity == 'tdp_watts' else inputs ~ '.fp32_tflops' %}
    select
        {{ inputs }}.hardware_id,
        '{{ quantity }}' as quantity,
        {{ inputs }}.{{ quantity }} as reported_value,
        case
            when {{ base }} > 0 and architecture_ratio.median_ratio is not null
                then {{ base }} * architecture_ratio.median_ratio
            when {{ base }} > 0 and fallback.method = 'regression_log_fp32'
                then exp(fallback.intercept + fallback.slope * ln({{ base }}))
            when {{ base }} > 0 then {{ base }} * fallback.median_ratio
        end as estimated_value,
        case
            when {{ base }} > 0 and architecture_ratio.median_ratio is not null then architecture_ratio.method
            when {{ base }} > 0 then fallback.method
        end as estimate_method
    from {{ inputs }}
    left join {{ priors }} as architecture_ratio
        on
            architecture_ratio.quantity = '{{ quantity }}'
            and {{ inputs }}.architecture_id = architecture_ratio.architecture_id
    left join {{ priors }} as fallback
        on
            fallback.quantity = '{{ quantity }}'
            and fallback.is_preferred_fallback
{%- endmacro %}

{#- provenance of a value: 'reported', or 'imputed:<method>' -#}
{% macro value_provenance(reported_value, estimate_method) -%}
    case
        when {{ reported_value }} is not null then 'reported'
        when {{ estimate_method }} is not null then {{ dbt.concat(["'imputed:'", estimate_method]) }}
    end
{%- endmacro %}

{#- provenance of a metric computed from two values: 'reported' when both are, the imputed one's provenance
    when one is, that provenance when both share it, else 'imputed:multiple' -#}
{% macro combined_provenance(provenance_a, provenance_b) -%}
    case
        when {{ provenance_a }} = 'reported' and {{ provenance_b }} = 'reported' then 'reported'
        when {{ provenance_a }} = 'reported' then {{ provenance_b }}
        when {{ provenance_b }} = 'reported' or {{ provenance_a }} = {{ provenance_b }} then {{ provenance_a }}
        else 'imputed:multiple'
    end
{%- endmacro %}

{#- expected relative error of a ratio or product of two values: that of the one imputed value (a reported
    factor does not change a relative error); unknown (null) when both are imputed -#}
{% macro combined_expected_error(provenance_a, error_a, provenance_b, error_b) -%}
    case
        when {{ provenance_a }} = 'reported' and {{ provenance_b }} = 'reported' then null
        when {{ provenance_a }} = 'reported' then {{ error_b }}
        when {{ provenance_b }} = 'reported' then {{ error_a }}
    end
{%- endmacro %}
