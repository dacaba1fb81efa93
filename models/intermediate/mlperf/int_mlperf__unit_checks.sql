{#- Units check, two rules. (1) Within one benchmark and scenario every result must be in one unit: the
    expected unit is the one most rows use (ties broken alphabetically). (2) That unit must be the one the
    workload reference (seeds/reference/mlperf_workloads.csv) says MLPerf reports for the benchmark and
    scenario: v5.0's export labels llama2-70b-interactive and llama3.1-405b results Samples/s or Queries/s
    although their magnitudes are tokens/s. A row failing either rule is inconsistent and kept out of
    per-accelerator figures (never relabelled here). -#}

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

workloads as (

    select * from {{ ref('stg_reference__mlperf_workloads') }}

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
        case results.scenario
            when 'Offline' then workloads.expected_units_offline
            when 'Server' then workloads.expected_units_server
        end as reference_units,
        case
            when results.units != expected_units.expected_units then 'differs_from_benchmark_majority'
            when workloads.benchmark_model is null then 'benchmark_not_in_workload_reference'
            when
                results.units != case results.scenario
                    when 'Offline' then workloads.expected_units_offline
                    when 'Server' then workloads.expected_units_server
                end
                then 'differs_from_workload_reference'
        end as inconsistency_reason
    from results
    inner join expected_units
        on
            results.benchmark_model = expected_units.benchmark_model
            and results.scenario = expected_units.scenario
    left join workloads
        on results.benchmark_model = workloads.benchmark_model

)

select
    *,
    inconsistency_reason is null as is_unit_consistent
from final
