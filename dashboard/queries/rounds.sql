-- Measured MLPerf results of every chip per round: a chip's results across rounds.
select
    hardware_id,
    hardware_name,
    benchmark_model,
    scenario,
    mlperf_round,
    measured_results,
    measured_median_per_accelerator,
    measured_best_per_accelerator,
    throughput_units
from {{ ref('fct_accelerator_efficiency_answers') }}
where is_measured
