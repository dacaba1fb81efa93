{#- Contracted input of python_ml's multi-accelerator scaling model (python_ml.modeling.scaling_model): one row per
    measured scaling pair of fct_workload_scaling (a system of n accelerators of one chip on one benchmark,
    scenario and round against the smallest system of that chip there), with the round it was measured in and
    the first round the chip has any MLPerf result in (for the forward-by-round split: chips new to a round).
    A chip's own smallest system is no pair. -#}
{%- set round_column = adapter.quote('round') -%}

with

scaling as (

    select * from {{ ref('fct_workload_scaling') }}

),

results as (

    select * from {{ ref('fct_mlperf_results') }}

),

rounds as (

    select distinct
        {{ round_column }} as mlperf_round,
        round_order
    from results

),

chip_first_rounds as (

    select
        hardware_id,
        min(round_order) as chip_first_round_order
    from results
    where hardware_id is not null
    group by hardware_id

),

pairs as (

    select
        scaling_id,
        hardware_id,
        benchmark_model,
        scenario,
        {{ dbt.split_part('scaling_group', "'|'", 4) }} as mlperf_round,
        total_accelerators,
        reference_accelerators,
        best_per_accelerator_result,
        reference_per_accelerator_result,
        scaling_efficiency,
        intranode_bandwidth_gb_per_s
    from scaling
    where total_accelerators > reference_accelerators and scaling_efficiency is not null

),

final as (

    select
        pairs.scaling_id,
        pairs.hardware_id,
        pairs.benchmark_model,
        pairs.scenario,
        pairs.mlperf_round,
        rounds.round_order,
        chip_first_rounds.chip_first_round_order,
        cast(pairs.total_accelerators as integer) as total_accelerators,
        cast(pairs.reference_accelerators as integer) as reference_accelerators,
        pairs.best_per_accelerator_result,
        pairs.reference_per_accelerator_result,
        pairs.scaling_efficiency,
        pairs.intranode_bandwidth_gb_per_s
    from pairs
    inner join rounds
        on pairs.mlperf_round = rounds.mlperf_round
    left join chip_first_rounds
        on pairs.hardware_id = chip_first_rounds.hardware_id

)

select * from final
