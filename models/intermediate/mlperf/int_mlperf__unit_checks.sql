{#- Units check, two rules, per round. (1) Within one round, benchmark and scenario every result must be in one unit: the
    expected unit is the one most rows use (ties broken alphabetically). (2) That unit must be the one the
    workload reference (seeds/reference/mlperf_workloads.csv) says MLPerf reports for the benchmark and
    scenario (SingleStream/MultiStream: a latency in ms): v5.0's export labels llama2-70b-interactive and llama3.1-405b results Samples/s or Queries/s
    although their magnitudes are tokens/s. A row failing either rule is inconsistent and kept out of
    per-accelerator figures (never relabelled here). -#}
{%- set latency_units = 'Latency (ms)' -%}

with

results as (

    select * from {{ ref('int_mlperf__results_loaded') }}

),

unit_counts as (

    select
        round,
        benchmark_model,
        scenario,
        units,
        count(*) as unit_rows
    from results
    group by round, benchmark_model, scenario, units

),

ranked_units as (

    select
        round,
        benchmark_model,
        scenario,
        units,
        unit_rows,
        row_number() over (
            partition by round, benchmark_model, scenario
            order by unit_rows desc, units asc
        ) as unit_rank,
        count(*) over (partition by round, benchmark_model, scenario) as distinct_units
    from unit_counts

),

workloads as (

    select * from {{ ref('stg_reference__mlperf_workloads') }}

),

expected_units as (

    select
        round,
        benchmark_model,
        scenario,
        units as expected_units,
        distinct_units
    from ranked_units
    where unit_rank = 1

),

with_reference as (

    select
        results.mlperf_result_id,
        results.round,
        results.benchmark_model,
        results.scenario,
        results.units,
        expected_units.expected_units,
        expected_units.distinct_units,
        workloads.benchmark_model is not null as is_in_workload_reference,
        case results.scenario
            when 'Offline' then workloads.expected_units_offline
            when 'Server' then workloads.expected_units_server
            when 'SingleStream' then '{{ latency_units }}'
            when 'MultiStream' then '{{ latency_units }}'
        end as reference_units
    from results
    inner join expected_units
        on
            results.round = expected_units.round
            and results.benchmark_model = expected_units.benchmark_model
            and results.scenario = expected_units.scenario
    left join workloads
        on results.benchmark_model = workloads.benchmark_model

),

final as (

    select
        mlperf_result_id,
        round,
        benchmark_model,
        scenario,
        units,
        expected_units,
        distinct_units,
        reference_units,
        case
            when units != expected_units then 'differs_from_benchmark_majority'
            when not is_in_workload_reference then 'benchmark_not_in_workload_reference'
            when units != reference_units then 'differs_from_workload_reference'
        end as inconsistency_reason
    from with_reference

)

select
    *,
    inconsistency_reason is null as is_unit_consistent
from final
