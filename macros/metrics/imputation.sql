{#- The rule-based imputation, written once and used by the phase-1 model (bases are reported or derived
    values, fct_imputation_rule_based_values) and the phase-2 model (bases may be python_ml estimates,
    fct_imputation_unified_values):
    * FP16, tensor FP16/BF16 and INT8 (capability_ratio_columns()): FP32 x the ratio of the product's
      architecture capability row (int_specs__hardware_capabilities, from seeds/reference/
      architecture_capabilities.csv: 1/64 on consumer Pascal, 4 for GA10x tensor FP16, no INT8 before dp4a ...).
      Nothing else: no ratio learned from other products, no global factor, so a product whose architecture
      lacks a precision, or has no capability row, gets no figure for it (method architecture_capability_ratio);
    * TDP: the architecture median, when the architecture has enough products with a TDP and the median lies
      in the product's segment range (int_specs__hardware_segments: a laptop GPU gets no 200 W desktop median).
    fct_imputation_method_errors measures each method's error on reported data. -#}

{#- the imputed throughput quantities and the architecture_capabilities column holding their ratio to FP32 -#}
{% macro capability_ratio_columns() -%}
    {{ return({
        'fp16_tflops': 'fp16_to_fp32',
        'tensor_fp16_bf16_tflops': 'tensor_fp16_to_fp32',
        'int8_tops': 'int8_to_fp32',
    }) }}
{%- endmacro %}

{#- one select per quantity: hardware_id, quantity, reported_value, reported_provenance, estimated_value,
    estimate_method. inputs: a relation with hardware_id, architecture_id, fp32_tflops (the base) and the
    quantity's column; priors: fct_imputation_ratio_priors (TDP medians); capabilities:
    int_specs__hardware_capabilities (hardware_key and the ratio columns); segments:
    int_specs__hardware_segments (hardware_key, tdp_min_watts, tdp_max_watts). -#}
{% macro rule_based_estimate_select(quantity, inputs, priors, capabilities, segments) -%}
    {%- set ratio_columns = aihw.capability_ratio_columns() -%}
    select
        {{ inputs }}.hardware_id,
        '{{ quantity }}' as quantity,
        {{ inputs }}.{{ quantity }} as reported_value,
        'reported' as reported_provenance,
    {%- if quantity in ratio_columns %}
        case
            when {{ inputs }}.fp32_tflops > 0
                then {{ inputs }}.fp32_tflops * capability.{{ ratio_columns[quantity] }}
        end as estimated_value,
        case
            when {{ inputs }}.fp32_tflops > 0 and capability.{{ ratio_columns[quantity] }} is not null
                then 'architecture_capability_ratio'
        end as estimate_method
    from {{ inputs }}
    left join {{ capabilities }} as capability
        on {{ inputs }}.hardware_id = capability.hardware_key
    {%- else %}
        -- the architecture median mixes segments: an estimate outside the product's segment range is none
        case
            when architecture_median.median_ratio between segment.tdp_min_watts and segment.tdp_max_watts
                then architecture_median.median_ratio
        end as estimated_value,
        case
            when architecture_median.median_ratio between segment.tdp_min_watts and segment.tdp_max_watts
                then architecture_median.method
        end as estimate_method
    from {{ inputs }}
    left join {{ priors }} as architecture_median
        on
            architecture_median.quantity = '{{ quantity }}'
            and {{ inputs }}.architecture_id = architecture_median.architecture_id
    left join {{ segments }} as segment
        on {{ inputs }}.hardware_id = segment.hardware_key
    {%- endif %}
{%- endmacro %}

{#- provenance of a value: the provenance of the input value where there is one ('reported', or for FP32
    'derived:<formula>' from the spec sheet), or 'imputed:<method>' -#}
{% macro value_provenance(reported_value, estimate_method, reported_provenance="'reported'") -%}
    case
        when {{ reported_value }} is not null then {{ reported_provenance }}
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
