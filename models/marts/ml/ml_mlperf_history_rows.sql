{#- Every round's MLPerf results with a derived per-accelerator figure (a throughput with consistent units,
    at least one accelerator) on hardware with specs, one row per result with its round: the history the
    throughput model can learn from (the training set, ml_mlperf_training_rows, is its rounds listed in the
    var mlperf_training_rounds). -#}

with

results as (

    select * from {{ ref('fct_mlperf_results') }}

),

features as (

    select * from {{ ref('ml_hardware_features') }}

),

final as (

    select
        results.mlperf_result_id,
        results.round,
        results.round_order,
        results.hardware_id,
        features.spec_hardware_id as physical_hardware_id,
        features.hardware_name,
        features.manufacturer_name,
        features.architecture_name,
        features.release_year,
        results.benchmark_model,
        results.scenario,
        results.per_accelerator_units as units,
        results.total_accelerators as accelerator_count,
        results.node_count,
        results.per_accelerator_result,
        features.fp32_tflops,
        features.fp16_tflops,
        features.tensor_fp16_bf16_tflops,
        features.int8_tops,
        features.memory_bandwidth_gb_per_s,
        features.memory_size_gb,
        features.tdp_watts,
        features.intranode_bandwidth_gb_per_s
    from results
    inner join features
        on results.hardware_id = features.hardware_id
    where results.per_accelerator_result is not null

)

select * from final
