{#- The contracted training rows of the python_ml latency model: every measured SingleStream / MultiStream
    latency (ms, the published percentile of query latency; never divided per accelerator) of every round on
    hardware with a latency bound (ml_latency_bounds: specs, a peak at the submitted width, fits one card),
    with its round and the roofline bound on one accelerator. system_latency_bound_ms is the bound with the
    query's work split ideally over all the system's accelerators: the weakest bound, which no measured
    latency may beat (tested). -#}

with

latency_results as (

    select * from {{ ref('fct_mlperf_results') }}
    where metric_kind = 'latency'

),

bounds as (

    select * from {{ ref('ml_latency_bounds') }}

),

final as (

    select
        latency_results.mlperf_result_id,
        latency_results.round,
        latency_results.round_order,
        bounds.hardware_id,
        bounds.physical_hardware_id,
        bounds.hardware_name,
        bounds.manufacturer_name,
        bounds.architecture_name,
        bounds.release_year,
        bounds.benchmark_model,
        bounds.scenario,
        bounds.workload_id,
        latency_results.total_accelerators as accelerator_count,
        latency_results.system_result as latency_ms,
        bounds.latency_bound_ms,
        bounds.latency_bound_ms / latency_results.total_accelerators as system_latency_bound_ms,
        bounds.precision_id,
        bounds.peak_tera_ops_per_s,
        bounds.memory_bandwidth_gb_per_s,
        bounds.tensor_fp16_bf16_tflops,
        bounds.memory_size_gb
    from latency_results
    inner join bounds
        on
            latency_results.hardware_id = bounds.hardware_id
            and latency_results.benchmark_model = bounds.benchmark_model
            and latency_results.scenario = bounds.scenario
    where
        latency_results.system_result > 0
        and latency_results.total_accelerators > 0

)

select * from final
