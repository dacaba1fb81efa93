{#- Trend metrics per calendar year: number of products, median, geometric mean and range (reported values
    only; see analysis_trend_observations for which year each metric uses). -#}

with

observations as (

    select * from {{ ref('analysis_trend_observations') }}

),

final as (

    select
        {{ dbt.concat(["metric_name", "':'", "cast(calendar_year as " ~ dbt.type_string() ~ ")"]) }} as trend_year_id,
        metric_name,
        calendar_year,
        count(*) as product_count,
        {{ median('metric_value') }} as median_value,
        exp(avg(ln(metric_value))) as geometric_mean_value,
        min(metric_value) as min_value,
        max(metric_value) as max_value
    from observations
    group by metric_name, calendar_year

)

select * from final
