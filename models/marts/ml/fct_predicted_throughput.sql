{#- Predicted per-accelerator MLPerf throughput for every hardware with specs, next to the measured median
    where MLPerf has results for that hardware, benchmark and scenario. Each predicted value carries its
    provenance (predicted:<model_version>); measured values are derived from system results. -#}

with

predictions as (

    select * from {{ ref('stg_python_ml__predictions') }}

),

hardware as (

    select * from {{ ref('ml_hardware_features') }}

),

results as (

    select * from {{ ref('fct_mlperf_results') }}

),

-- power and the one price definition (quote, else launch, else median street) come from the metrics mart
hardware_metrics as (

    select * from {{ ref('fct_hardware_metrics') }}

),

measured as (

    select
        hardware_id,
        benchmark_model,
        scenario,
        count(*) as measured_results,
        avg(per_accelerator_result) as measured_mean_per_accelerator,
        max(per_accelerator_result) as measured_best_per_accelerator
    from results
    -- the rounds the model is trained on (the other rounds' software is faster or slower: ml_mlperf_history_rows)
    where per_accelerator_result is not null and {{ aihw.is_training_round('round') }}
    group by hardware_id, benchmark_model, scenario

),

final as (

    select
        {{ dbt.concat(["predictions.hardware_id", "':'", "predictions.benchmark_model", "':'", "predictions.scenario"]) }}
            as predicted_throughput_id,
        predictions.hardware_id,
        hardware.hardware_name,
        hardware.manufacturer_name,
        hardware.architecture_name,
        predictions.benchmark_model,
        predictions.scenario,
        predictions.units,
        predictions.predicted_per_accelerator,
        predictions.pi80_low,
        predictions.pi80_high,
        predictions.pi90_low,
        predictions.pi90_high,
        predictions.interval_class,
        predictions.is_anchored,
        predictions.roofline_bound_per_accelerator,
        predictions.accelerator_count as assumed_accelerators_per_node,
        predictions.is_out_of_domain,
        predictions.out_of_domain_reason,
        predictions.prediction_provenance,
        predictions.model_version,
        predictions.scored_at,
        coalesce(measured.measured_results, 0) as measured_results,
        measured.measured_mean_per_accelerator,
        measured.measured_best_per_accelerator,
        hardware_metrics.tdp_watts,
        hardware_metrics.price_usd,
        hardware_metrics.price_kind,
        {{ per_watt('predictions.predicted_per_accelerator', 'hardware_metrics.tdp_watts') }}
            as predicted_per_accelerator_per_watt,
        {{ per_usd('predictions.predicted_per_accelerator', 'hardware_metrics.price_usd') }}
            as predicted_per_accelerator_per_usd
    from predictions
    inner join hardware
        on predictions.hardware_id = hardware.hardware_id
    left join hardware_metrics
        on predictions.hardware_id = hardware_metrics.hardware_id
    left join measured
        on
            predictions.hardware_id = measured.hardware_id
            and predictions.benchmark_model = measured.benchmark_model
            and predictions.scenario = measured.scenario

)

select * from final
