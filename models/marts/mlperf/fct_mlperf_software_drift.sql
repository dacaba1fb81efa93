{#- Software drift as data: for each chip with per-accelerator results in two or more rounds, the round-over-
    round change of its best per-accelerator result per benchmark and scenario (same hardware, same unit;
    the best result is the fastest software the round published for that chip). One row per chip, benchmark,
    scenario and round that has an earlier round with a result: drift_ratio = best / the previous round's best,
    drift_log_ratio = ln(drift_ratio) (DERIVED). -#}

with

results as (

    select * from {{ ref('fct_mlperf_results') }}

),

best_per_round as (

    select
        hardware_id,
        benchmark_model,
        scenario,
        per_accelerator_units,
        round,
        round_order,
        max(per_accelerator_result) as best_per_accelerator,
        count(*) as result_count
    from results
    where per_accelerator_result is not null
    group by hardware_id, benchmark_model, scenario, per_accelerator_units, round, round_order

),

with_previous as (

    select
        *,
        lag(round) over (
            partition by hardware_id, benchmark_model, scenario, per_accelerator_units order by round_order
        ) as previous_round,
        lag(round_order) over (
            partition by hardware_id, benchmark_model, scenario, per_accelerator_units order by round_order
        ) as previous_round_order,
        lag(best_per_accelerator) over (
            partition by hardware_id, benchmark_model, scenario, per_accelerator_units order by round_order
        ) as previous_best_per_accelerator,
        lag(result_count) over (
            partition by hardware_id, benchmark_model, scenario, per_accelerator_units order by round_order
        ) as previous_result_count
    from best_per_round

),

final as (

    select
        {{ dbt.concat(['hardware_id', "':'", 'benchmark_model', "':'", 'scenario', "':'", 'round']) }}
            as drift_id,
        hardware_id,
        benchmark_model,
        scenario,
        per_accelerator_units as units,
        previous_round,
        round,
        previous_round_order,
        round_order,
        previous_best_per_accelerator,
        best_per_accelerator,
        previous_result_count,
        result_count,
        best_per_accelerator / previous_best_per_accelerator as drift_ratio,
        ln(best_per_accelerator / previous_best_per_accelerator) as drift_log_ratio,
        'derived:best_per_accelerator/previous_best_per_accelerator' as drift_provenance
    from with_previous
    where previous_round is not null

)

select * from final
