with

source as (

    select * from {{ ref('mlperf_workloads') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('benchmark_model')) }} as benchmark_model,
        {{ clean_text(adapter.quote('model_name')) }} as model_name,
        {{ clean_text(adapter.quote('workload_class')) }} as workload_class,
        {{ clean_text(adapter.quote('unit_of_work')) }} as unit_of_work,
        {{ clean_text(adapter.quote('expected_units_offline')) }} as expected_units_offline,
        {{ clean_text(adapter.quote('expected_units_server')) }} as expected_units_server,
        {{ to_double(adapter.quote('parameters')) }} as parameters,
        {{ to_double(adapter.quote('active_parameters')) }} as active_parameters,
        {{ to_double(adapter.quote('compute_precision_bits')) }} as compute_precision_bits,
        {{ to_double(adapter.quote('weight_bytes')) }} as weight_bytes,
        {{ to_double(adapter.quote('flops_per_unit')) }} as flops_per_unit,
        {{ clean_text(adapter.quote('flops_basis')) }} as flops_basis,
        {{ to_double(adapter.quote('mean_output_tokens_per_sample')) }} as mean_output_tokens_per_sample,
        {{ to_double(adapter.quote('beams')) }} as beams,
        {{ to_double(adapter.quote('kv_cache_bytes_per_context_token')) }} as kv_cache_bytes_per_context_token,
        {{ to_double(adapter.quote('min_dram_bytes_per_unit')) }} as min_dram_bytes_per_unit,
        {{ clean_text(adapter.quote('min_bytes_basis')) }} as min_bytes_basis,
        {{ clean_text(adapter.quote('params_source_url')) }} as params_source_url,
        {{ clean_text(adapter.quote('flops_source_url')) }} as flops_source_url,
        {{ clean_text(adapter.quote('tokens_source_url')) }} as tokens_source_url,
        {{ clean_text(adapter.quote('note')) }} as note
    from source

)

select * from renamed
