{#- Contracted workload figures per MLPerf benchmark for python_ml, derived from the one workload reference
    (int_mlperf__benchmark_workloads: seeds/reference/workloads.csv; docs/ml_workloads.md). -#}

with

workloads as (

    select * from {{ ref('int_mlperf__benchmark_workloads') }}

),

final as (

    select
        benchmark_model,
        model_name,
        workload_class,
        unit_of_work,
        expected_units_offline,
        expected_units_server,
        parameters,
        active_parameters,
        compute_precision_bits,
        weight_bytes,
        flops_per_unit,
        flops_basis,
        mean_output_tokens_per_sample,
        beams,
        kv_cache_bytes_per_context_token,
        min_dram_bytes_per_unit,
        min_bytes_basis,
        params_source_url,
        flops_source_url,
        tokens_source_url,
        note
    from workloads

)

select * from final
