{#- Units check: within one benchmark and scenario every result must be in one unit. The expected unit is
    the one most rows use (ties broken alphabetically); a row in any other unit is inconsistent and is kept
    out of per-accelerator figures. -#}

with

results as (

    select * from {{ ref('stg_mlperf__inference_results') }}

),

unit_counts as (

    select
        benchmark_model,
        scenario,
        units,
        count(*) as unit_rows
    from results
    group by benchmark_model, scenario, units

),

ranked_units as (

    select
        benchmark_model,
        scenario,
        units,
        unit_rows,
        row_number() over (
            partition by benchmark_model, scenario
            order by unit_rows desc, units asc
        ) as unit_rank,
        count(*) over (partition by benchmark_model, scenario) as distinct_units
    from unit_counts

),

expected_units as (

    select
        benchmark_model,
        scenario,
        units as expected_units,
        distinct_units
    from ranked_units
    where unit_rank = 1

),

final as (

    select
        results.source_row_number,
        results.benchmark_model,
        results.scenario,
        results.units,
        expected_units.expected_units,
        expected_units.distinct_units,
        results.units = expected_units.expected_units as is_unit_consistent
    from results
    inner join expected_units
        on
            results.benchmark_model = expected_units.benchmark_model
            and results.scenario = expected_units.scenario

)

select * from final
