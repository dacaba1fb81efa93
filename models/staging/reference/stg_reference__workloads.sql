with

source as (

    select * from {{ ref('workloads') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('workload_id')) }} as workload_id,
        {{ clean_text(adapter.quote('workload_name')) }} as workload_name,
        {{ clean_text(adapter.quote('domain')) }} as domain,
        {{ clean_text(adapter.quote('task')) }} as task,
        {{ clean_text(adapter.quote('workload_class')) }} as workload_class,
        {{ clean_text(adapter.quote('is_mlperf_workload')) }} = 'true' as is_mlperf_workload,
        {{ clean_text(adapter.quote('unit_of_work')) }} as unit_of_work,
        {{ to_double(adapter.quote('parameters')) }} as parameters,
        {{ to_double(adapter.quote('active_parameters')) }} as active_parameters,
        {{ clean_text(adapter.quote('parameters_source_url')) }} as parameters_source_url,
        {{ to_double(adapter.quote('flop_per_unit')) }} as flop_per_unit,
        {{ clean_text(adapter.quote('flop_basis')) }} as flop_basis,
        {{ clean_text(adapter.quote('flop_source_url')) }} as flop_source_url,
        {{ to_double(adapter.quote('input_values_per_unit')) }} as input_values_per_unit,
        {{ clean_text(adapter.quote('input_values_basis')) }} as input_values_basis,
        {{ clean_text(adapter.quote('input_values_source_url')) }} as input_values_source_url,
        {{ to_int(adapter.quote('input_tokens')) }} as input_tokens,
        {{ to_int(adapter.quote('output_tokens')) }} as output_tokens,
        {{ to_int(adapter.quote('beams')) }} as beams,
        {{ clean_text(adapter.quote('tokens_basis')) }} as tokens_basis,
        {{ clean_text(adapter.quote('tokens_source_url')) }} as tokens_source_url,
        {{ to_int(adapter.quote('layers')) }} as layers,
        {{ to_int(adapter.quote('attention_heads')) }} as attention_heads,
        {{ to_int(adapter.quote('kv_heads')) }} as kv_heads,
        {{ to_int(adapter.quote('head_dim')) }} as head_dim,
        {{ clean_text(adapter.quote('architecture_source_url')) }} as architecture_source_url,
        {{ clean_text(adapter.quote('submitted_precision')) }} as submitted_precision,
        {{ clean_text(adapter.quote('precision_source_url')) }} as precision_source_url,
        {{ clean_text(adapter.quote('estimated_values')) }} as estimated_values,
        {{ clean_text(adapter.quote('note')) }} as note
    from source

)

select * from renamed
