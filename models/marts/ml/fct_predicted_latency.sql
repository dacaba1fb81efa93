{#- Predicted MLPerf SingleStream / MultiStream query latency (ms) per hardware with a latency bound x latency
    workload (python_ml.modeling.latency: the roofline bound on one accelerator x a learned factor >= 1, with
    80 / 90 % intervals; predicted:<model_version>), next to the measured latency where MLPerf has one for that
    hardware, benchmark and scenario: the median and best over the results of the latest round that measured it
    (measured:mlperf, the published percentile of query latency, never divided per accelerator). -#}

with

predictions as (

    select * from {{ ref('stg_python_ml__latency_predictions') }}

),

hardware as (

    select * from {{ ref('ml_hardware_features') }}

),

latency_results as (

    select * from {{ ref('fct_mlperf_results') }}
    where metric_kind = 'latency' and system_result > 0

),

latest_rounds as (

    select
        hardware_id,
        benchmark_model,
        scenario,
        max(round_order) as round_order
    from latency_results
    group by hardware_id, benchmark_model, scenario

),

measured as (

    select
        latency_results.hardware_id,
        latency_results.benchmark_model,
        latency_results.scenario,
        min(latency_results.round) as measured_round,
        count(*) as measured_results,
        {{ aihw.median('latency_results.system_result') }} as measured_median_latency_ms,
        min(latency_results.system_result) as measured_best_latency_ms
    from latency_results
    inner join latest_rounds
        on
            latency_results.hardware_id = latest_rounds.hardware_id
            and latency_results.benchmark_model = latest_rounds.benchmark_model
            and latency_results.scenario = latest_rounds.scenario
            and latency_results.round_order = latest_rounds.round_order
    group by latency_results.hardware_id, latency_results.benchmark_model, latency_results.scenario

),

final as (

    select
        predictions.latency_prediction_id as predicted_latency_id,
        predictions.hardware_id,
        hardware.hardware_name,
        hardware.manufacturer_name,
        hardware.architecture_name,
        predictions.benchmark_model,
        predictions.scenario,
        predictions.latency_bound_ms,
        'derived:roofline' as latency_bound_provenance,
        predictions.predicted_latency_ms,
        predictions.pi80_low_ms,
        predictions.pi80_high_ms,
        predictions.pi90_low_ms,
        predictions.pi90_high_ms,
        predictions.is_seen_chip,
        predictions.is_out_of_domain,
        predictions.out_of_domain_reason,
        predictions.latency_provenance,
        predictions.model_version,
        predictions.scored_at,
        coalesce(measured.measured_results, 0) as measured_results,
        measured.measured_round,
        measured.measured_median_latency_ms,
        measured.measured_best_latency_ms,
        case when measured.measured_results > 0 then 'measured:mlperf' end as measured_provenance
    from predictions
    inner join hardware
        on predictions.hardware_id = hardware.hardware_id
    left join measured
        on
            predictions.hardware_id = measured.hardware_id
            and predictions.benchmark_model = measured.benchmark_model
            and predictions.scenario = measured.scenario

)

select * from final
