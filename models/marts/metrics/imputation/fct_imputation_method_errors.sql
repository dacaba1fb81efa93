{#- Honest error of every rule-based imputation method, measured on products where the quantity is reported:
    * architecture median (ratio): leave-one-out - each product is estimated from the OTHER products of its
      architecture (at least min_pairs of them), never from itself;
    * log-log regression FP32 -> FP16: leave-one-architecture-out - fitted on the other architectures;
    * fixed factors (FP16 = 2 x FP32, INT8 = 8 x FP32): nothing is fitted, so every pair is a fair test;
    * architecture capability ratios (seeds/reference/architecture_capabilities.csv, the method used for FP16,
      tensor and INT8): nothing is fitted on the products either.
    The data-learned ratios and fixed factors are kept as comparisons; only the capability ratios impute.
    One row per quantity and method: n, median absolute percentage error, share within +-25 %. -#}
{%- set settings = imputation_settings() -%}

{%- set ratio_columns = capability_ratio_columns() -%}

with

pairs as (

    select * from {{ ref('fct_imputation_ratio_pairs') }}

),

capabilities as (

    select * from {{ ref('int_specs__hardware_capabilities') }}

),

ranked_pairs as (

    -- architecture median (leave one out): the n reported ratios of a quantity and architecture in order
    select
        *,
        count(*) over (partition by quantity, architecture_id) - 1 as others_count,
        row_number() over (partition by quantity, architecture_id order by reported_ratio) as ratio_rank
    from pairs
    where architecture_id is not null

),

positioned_pairs as (

    select
        *,
        cast((others_count - mod(others_count, 2)) / 2 as integer) as middle_position
    from ranked_pairs

),

middle_ratios as (

    -- the median of the n - 1 others only needs the sorted values at positions h, h + 1, h + 2 (1-based),
    -- h = middle_position = floor((n - 1) / 2): removing the held-out value shifts the later positions down by one
    select
        quantity,
        architecture_id,
        others_count,
        middle_position,
        max(case when ratio_rank = middle_position then reported_ratio end) as ratio_at_h,
        max(case when ratio_rank = middle_position + 1 then reported_ratio end) as ratio_at_h1,
        max(case when ratio_rank = middle_position + 2 then reported_ratio end) as ratio_at_h2
    from positioned_pairs
    where others_count >= {{ settings.min_pairs }} and others_count >= 1
    group by quantity, architecture_id, others_count, middle_position

),

others_middles as (

    -- the k-th of the others is the k-th of all when it ranks before the held-out value, else the (k+1)-th
    select
        positioned_pairs.quantity,
        positioned_pairs.base_value,
        positioned_pairs.reported_value,
        middle_ratios.others_count,
        case
            when middle_ratios.middle_position < positioned_pairs.ratio_rank then middle_ratios.ratio_at_h
            else middle_ratios.ratio_at_h1
        end as others_at_h,
        case
            when middle_ratios.middle_position + 1 < positioned_pairs.ratio_rank then middle_ratios.ratio_at_h1
            else middle_ratios.ratio_at_h2
        end as others_at_h1
    from positioned_pairs
    inner join middle_ratios
        on
            positioned_pairs.quantity = middle_ratios.quantity
            and positioned_pairs.architecture_id = middle_ratios.architecture_id

),

architecture_median_loo as (

    -- percentile_cont(0.5) of the others: the middle value, or lo + (hi - lo) * 0.5 for an even count
    select
        quantity,
        case
            when quantity = 'tdp_watts' then 'architecture_median'
            else 'architecture_median_ratio'
        end as method,
        reported_value,
        base_value * case
            when mod(others_count, 2) = 1 then others_at_h1
            else others_at_h + (others_at_h1 - others_at_h) * cast(0.5 as {{ type_double() }})
        end as estimated_value
    from others_middles

),

regression_points as (

    select
        group_id,
        ln(base_value) as x,
        ln(reported_value) as y
    from pairs
    where quantity = 'fp16_tflops'

),

regression_group_sums as (

    -- sufficient statistics of the least-squares line per group: one pass over the pairs (no group x pair join)
    select
        group_id,
        count(*) as n,
        sum(x) as sum_x,
        sum(y) as sum_y,
        sum(x * x) as sum_xx,
        sum(x * y) as sum_xy
    from regression_points
    group by group_id

),

regression_others as (

    -- the statistics of every OTHER group: the totals minus the held-out group's own
    select
        group_id,
        sum(n) over () - n as n,
        sum(sum_x) over () - sum_x as sum_x,
        sum(sum_y) over () - sum_y as sum_y,
        sum(sum_xx) over () - sum_xx as sum_xx,
        sum(sum_xy) over () - sum_xy as sum_xy
    from regression_group_sums

),

regression_slopes as (

    select
        group_id,
        n,
        sum_x,
        sum_y,
        {{ safe_divide('n * sum_xy - sum_x * sum_y', 'n * sum_xx - sum_x * sum_x') }} as slope
    from regression_others
    where n >= 3

),

regression_loao_group_fits as (

    -- leave one architecture out: the least-squares line (regr_slope / regr_intercept) on the other groups
    select
        group_id,
        slope,
        (sum_y - slope * sum_x) / n as intercept
    from regression_slopes

),

regression_loao as (

    select
        'fp16_tflops' as quantity,
        'regression_log_fp32' as method,
        held_out.reported_value,
        exp(fits.intercept + fits.slope * ln(held_out.base_value)) as estimated_value
    from pairs as held_out
    inner join regression_loao_group_fits as fits
        on held_out.group_id = fits.group_id
    where held_out.quantity = 'fp16_tflops'

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

capability_ratios as (

    -- the seed's ratio x the product's own FP32: nothing is fitted on the products, so every pair is a fair test
    {% for quantity, ratio_column in ratio_columns.items() %}
        select
            pairs.quantity,
            'architecture_capability_ratio' as method,
            pairs.reported_value,
            pairs.base_value * capabilities.{{ ratio_column }} as estimated_value
        from pairs
        inner join capabilities
            on pairs.hardware_id = capabilities.hardware_key
        where
            pairs.quantity = '{{ quantity }}'
            and capabilities.{{ ratio_column }} is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

estimates as (

    select * from capability_ratios
    union all
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
