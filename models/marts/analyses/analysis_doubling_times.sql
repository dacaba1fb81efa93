{#- Doubling time per trend metric: least-squares fit of log2(value) on the decimal year over every product
    (not yearly medians), slope in doublings per year, doubling time = 1 / slope in years, and its 95 %
    interval from the slope's t interval (n - 2 degrees of freedom). An interval whose slope bound is not
    positive is open (upper bound null). Epoch AI's published figures are given next to ours where one exists. -#}
{%- set epoch_reference = {
    'fp32_tflops': [2.3, 'Epoch AI, Trends in Machine Learning Hardware (2023): FP32 FLOP/s of ML hardware doubles every ~2.3 years'],
    'fp32_gflops_per_usd': [2.5, 'Epoch AI, Trends in GPU Price-Performance (2022): FLOP/s per dollar doubles every ~2.5 years'],
} -%}

with

observations as (

    select * from {{ ref('analysis_trend_observations') }}

),

references_published as (

    {% for metric_name, reference in epoch_reference.items() %}
        select
            '{{ metric_name }}' as metric_name,
            cast({{ reference[0] }} as {{ aihw.type_double() }}) as epoch_doubling_years,
            '{{ reference[1] }}' as epoch_reference
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

fits as (

    select
        metric_name,
        min(year_source) as year_source,
        regr_count(log2_metric_value, decimal_year) as product_count,
        min(decimal_year) as first_decimal_year,
        max(decimal_year) as last_decimal_year,
        regr_slope(log2_metric_value, decimal_year) as doublings_per_year,
        regr_r2(log2_metric_value, decimal_year) as r_squared,
        -- residual sum of squares / (n - 2) / Sxx; greatest() absorbs rounding below zero on exact fits
        sqrt(
            greatest(
                regr_syy(log2_metric_value, decimal_year)
                - regr_sxy(log2_metric_value, decimal_year) * regr_sxy(log2_metric_value, decimal_year)
                / regr_sxx(log2_metric_value, decimal_year),
                0.0
            )
            / (regr_count(log2_metric_value, decimal_year) - 2)
            / regr_sxx(log2_metric_value, decimal_year)
        ) as slope_standard_error
    from observations
    group by metric_name
    having regr_count(log2_metric_value, decimal_year) >= 5

),

intervals as (

    select
        *,
        doublings_per_year - {{ t_quantile_975('product_count - 2') }} * slope_standard_error as slope_low,
        doublings_per_year + {{ t_quantile_975('product_count - 2') }} * slope_standard_error as slope_high
    from fits

),

final as (

    select
        intervals.metric_name,
        intervals.year_source,
        cast(intervals.product_count as {{ dbt.type_bigint() }}) as product_count,
        intervals.first_decimal_year,
        intervals.last_decimal_year,
        intervals.doublings_per_year,
        intervals.slope_standard_error,
        intervals.r_squared,
        {{ safe_divide('1.0', 'intervals.doublings_per_year') }} as doubling_time_years,
        {{ safe_divide('1.0', 'intervals.slope_high') }} as doubling_time_low_years,
        {{ safe_divide('1.0', 'intervals.slope_low') }} as doubling_time_high_years,
        references_published.epoch_doubling_years,
        references_published.epoch_reference,
        case
            when references_published.epoch_doubling_years is null then null
            when intervals.slope_high <= 0 then false
            else
                references_published.epoch_doubling_years >= 1.0 / intervals.slope_high
                and (intervals.slope_low <= 0 or references_published.epoch_doubling_years <= 1.0 / intervals.slope_low)
        end as is_epoch_within_interval
    from intervals
    left join references_published
        on intervals.metric_name = references_published.metric_name

)

select * from final
