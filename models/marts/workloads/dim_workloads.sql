{#- One row per neural-network workload (MLPerf benchmarks and what-if-only models) with its reference figures
    and sources (seeds/reference/workloads.csv) and the derived KV-cache size per token per byte of precision. -#}

with

workloads as (

    select * from {{ ref('stg_reference__workloads') }}

),

final as (

    select
        workload_id,
        workload_name,
        domain,
        task,
        is_mlperf_workload,
        unit_of_work,
        parameters,
        active_parameters,
        flop_per_unit,
        flop_basis,
        input_values_per_unit,
        input_tokens,
        output_tokens,
        beams,
        layers,
        attention_heads,
        kv_heads,
        head_dim,
        2 * layers * kv_heads * head_dim as kv_cache_values_per_token,
        case
            when kv_heads is not null then 'derived:2*layers*kv_heads*head_dim'
        end as kv_cache_provenance,
        submitted_precision,
        estimated_values,
        parameters_source_url,
        flop_source_url,
        tokens_source_url,
        architecture_source_url,
        precision_source_url,
        note
    from workloads

)

select * from final
