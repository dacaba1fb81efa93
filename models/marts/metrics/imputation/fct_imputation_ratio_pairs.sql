{#- The training pairs of the rule-based imputation: one row per product and imputable quantity where both
    the quantity and its base are reported. For a throughput the base is the reported FP32 TFLOP/s and the
    ratio is the precision scaling ratio (e.g. FP16 / FP32); for TDP the base is 1 and the ratio is the TDP
    itself (architecture median of the value). group_id is the architecture, or the product itself when
    no architecture is known (grouped cross-validation never splits a group). -#}
{%- set settings = imputation_settings() -%}

with

inputs as (

    select * from {{ ref('dim_hardware_specs') }}

),

pairs as (

    {% for quantity in settings.ratio_targets %}
        select
            hardware_id,
            architecture_id,
            '{{ quantity }}' as quantity,
            fp32_tflops as base_value,
            {{ quantity }} as reported_value
        from inputs
        where fp32_tflops > 0 and {{ quantity }} > 0
        union all
    {% endfor %}
    select
        hardware_id,
        architecture_id,
        'tdp_watts' as quantity,
        1.0 as base_value,
        tdp_watts as reported_value
    from inputs
    where tdp_watts > 0

),

final as (

    select
        {{ dbt.concat(["hardware_id", "':'", "quantity"]) }} as ratio_pair_id,
        hardware_id,
        architecture_id,
        coalesce(architecture_id, {{ dbt.concat(["'hardware:'", "hardware_id"]) }}) as group_id,
        quantity,
        cast(base_value as {{ type_double() }}) as base_value,
        reported_value,
        {{ safe_divide('reported_value', 'base_value') }} as reported_ratio
    from pairs

)

select * from final
