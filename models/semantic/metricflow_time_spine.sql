{#- MetricFlow's time spine: one row per day from 2000 (the oldest release dates) to the end of 2030. Built
    with dbt's cross-database date_spine, so it runs on DuckDB and PostgreSQL alike. -#}

with

days as (

    {{ dbt.date_spine(
        datepart="day",
        start_date="cast('2000-01-01' as date)",
        end_date="cast('2031-01-01' as date)",
    ) }}

),

final as (

    select cast(date_day as date) as date_day
    from days

)

select * from final
