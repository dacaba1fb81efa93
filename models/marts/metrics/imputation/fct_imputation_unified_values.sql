{#- Phase 2 (needs python_ml's throughput_estimates): one row per product and quantity with the best value
    available, in order: the phase-1 value (reported or derived, or a rule on such a base), python_ml's FP32
    estimate (products with benchmark scores but no reported or derived FP32), and the architecture
    capability ratios applied to that estimated FP32 (FP16, tensor FP16/BF16 and INT8; provenance
    imputed:architecture_capability_ratio_on_estimate, error unknown). -#}
{#- the throughput quantities imputed from an estimated FP32 by the architecture capability ratios (python_ml
    also estimates FP16 from data-learned ratios; that estimate is not used: FP16 comes from the capability
    seed like tensor and INT8) -#}
{%- set chained_quantities = capability_ratio_columns() | list -%}

with

inputs as (

    select * from {{ ref('dim_hardware_specs') }}

),

rule_based_values as (

    select * from {{ ref('fct_imputation_rule_based_values') }}

),

estimates as (

    select * from {{ ref('stg_python_ml__throughput_estimates') }}
    where quantity = 'fp32_tflops'

),

capabilities as (

    select * from {{ ref('int_specs__hardware_capabilities') }}

),

estimated_base as (

    select
        inputs.hardware_id,
        inputs.architecture_id,
        estimates.estimated_value as fp32_tflops,
        {% for quantity in chained_quantities %}
            inputs.{{ quantity }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from inputs
    inner join estimates
        on
            inputs.hardware_id = estimates.hardware_id
            and estimates.quantity = 'fp32_tflops'

),

chained as (

    {% for quantity in chained_quantities %}
        {{ rule_based_estimate_select(quantity, 'estimated_base', 'priors', 'capabilities', 'segments') }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

candidates as (

    select
        hardware_id,
        quantity,
        value,
        value_provenance,
        expected_absolute_percentage_error,
        cast(null as {{ type_double() }}) as interval_80_low,
        cast(null as {{ type_double() }}) as interval_80_high,
        1 as preference
    from rule_based_values
    union all
    select
        hardware_id,
        quantity,
        estimated_value as value,
        value_provenance,
        expected_absolute_percentage_error,
        interval_80_low,
        interval_80_high,
        2 as preference
    from estimates
    union all
    select
        hardware_id,
        quantity,
        estimated_value as value,
        {{ dbt.concat(["'imputed:'", "estimate_method", "'_on_estimate'"]) }} as value_provenance,
        cast(null as {{ type_double() }}) as expected_absolute_percentage_error,
        cast(null as {{ type_double() }}) as interval_80_low,
        cast(null as {{ type_double() }}) as interval_80_high,
        3 as preference
    from chained
    where estimated_value is not null

),

ranked as (

    select
        *,
        row_number() over (partition by hardware_id, quantity order by preference asc) as candidate_rank
    from candidates

),

final as (

    select
        {{ dbt.concat(["hardware_id", "':'", "quantity"]) }} as hardware_quantity_id,
        hardware_id,
        quantity,
        value,
        value_provenance,
        expected_absolute_percentage_error,
        interval_80_low,
        interval_80_high
    from ranked
    where candidate_rank = 1

)

select * from final
