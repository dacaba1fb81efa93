{#- Honest error of every rule-based imputation method, measured on products where the quantity is reported:
    * architecture median (ratio): leave-one-out - each product is estimated from the OTHER products of its
      architecture (at least min_pairs of them), never from itself;
    * log-log regression FP32 -> FP16: leave-one-architecture-out - fitted on the other architectures;
    * fixed factors (FP16 = 2 x FP32, INT8 = 8 x FP32): nothing is fitted, so every pair is a fair test.
    One row per quantity and method: n, median absolute percentage error, share within +-25 %. -#}
{%- set settings = imputation_settings() -%}

with

pairs as (

    select * from {{ ref('fct_imputation_ratio_pairs') }}

),

architecture_median_loo as (

    select
        held_out.quantity,
        case
            when held_out.quantity = 'tdp_watts' then 'architecture_median'
            else 'architecture_median_ratio'
        end as method,
        held_out.reported_value,
        held_out.base_value * {{ median('others.reported_ratio') }} as estimated_value
    from pairs as held_out
    inner join pairs as others
        on
            held_out.quantity = others.quantity
            and held_out.architecture_id = others.architecture_id
            and held_out.hardware_id != others.hardware_id
    group by held_out.hardware_id, held_out.quantity, held_out.base_value, held_out.reported_value
    having count(*) >= {{ settings.min_pairs }}

),

regression_loao_fits as (

    select
        held_out.hardware_id,
        held_out.base_value,
        held_out.reported_value,
        regr_slope(ln(others.reported_value), ln(others.base_value)) as slope,
        regr_intercept(ln(others.reported_value), ln(others.base_value)) as intercept
    from pairs as held_out
    inner join pairs as others
        on
            held_out.quantity = others.quantity
            and held_out.group_id != others.group_id
    where held_out.quantity = 'fp16_tflops'
    group by held_out.hardware_id, held_out.base_value, held_out.reported_value
    having count(*) >= 3

),

regression_loao as (

    select
        'fp16_tflops' as quantity,
        'regression_log_fp32' as method,
        reported_value,
        exp(intercept + slope * ln(base_value)) as estimated_value
    from regression_loao_fits

),

fixed_factors as (

    {% for quantity, factor in settings.ratio_targets.items() if factor is not none %}
        select
            quantity,
            'fixed_factor_{{ factor }}x_fp32' as method,
            reported_value,
            {{ factor }} * base_value as estimated_value
        from pairs
        where quantity = '{{ quantity }}'
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

estimates as (

    select * from architecture_median_loo
    union all
    select * from regression_loao
    union all
    select * from fixed_factors

),

evaluated as (

    select
        quantity,
        method,
        {{ absolute_percentage_error('estimated_value', 'reported_value') }} as absolute_percentage_error
    from estimates

),

final as (

    select
        {{ dbt.concat(["quantity", "':'", "method"]) }} as method_error_id,
        quantity,
        method,
        case
            when method like 'architecture_median%' then 'leave_one_out_within_architecture'
            when method like 'regression%' then 'leave_one_architecture_out'
            else 'no_fit'
        end as evaluation,
        count(*) as evaluated_count,
        {{ median('absolute_percentage_error') }} as median_absolute_percentage_error,
        avg(cast(case when absolute_percentage_error <= 0.25 then 1 else 0 end as {{ type_double() }}))
            as share_within_25_percent
    from evaluated
    group by quantity, method

)

select * from final
