{#- One row per workload x precision: the bytes the workload's figures become at that precision. Hardware
    independent. Bytes are values x bytes per value; KV cache per token = 2 (K and V) x layers x KV heads x
    head dim x bytes per value (grouped-query attention through kv_heads). Beams share the prompt's KV cache
    and each keeps its own generated tokens: a sequence holds input + beams x output tokens of KV cache, and a
    decode step reads input + beams x output / 2 of them on average (decode_kv_tokens).
    memory_bytes_per_sequence is what one more sequence (sample) of a batch adds to the resident weights:
    its KV cache at the stated lengths, or its input. -#}

with

workloads as (

    select * from {{ ref('stg_reference__workloads') }}

),

precisions as (

    select * from {{ ref('stg_reference__precisions') }}

),

final as (

    select
        workloads.workload_id,
        precisions.precision_id,
        precisions.bytes_per_value,
        workloads.unit_of_work,
        workloads.flop_per_unit,
        workloads.parameters * precisions.bytes_per_value as resident_weight_bytes,
        coalesce(workloads.active_parameters, workloads.parameters) * precisions.bytes_per_value
            as active_weight_bytes,
        coalesce(workloads.input_values_per_unit, 0) * precisions.bytes_per_value as input_bytes_per_unit,
        2.0 * workloads.layers * workloads.kv_heads * workloads.head_dim * precisions.bytes_per_value
            as kv_cache_bytes_per_token,
        workloads.input_tokens,
        workloads.output_tokens,
        coalesce(workloads.beams, 1) as beams,
        workloads.input_tokens + coalesce(workloads.beams, 1) * workloads.output_tokens / 2.0 as decode_kv_tokens,
        2.0 * coalesce(workloads.active_parameters, workloads.parameters) * workloads.input_tokens
            as prefill_flop_per_sample,
        case
            when workloads.unit_of_work = 'token'
                then 2.0 * workloads.layers * workloads.kv_heads * workloads.head_dim * precisions.bytes_per_value
                    * (workloads.input_tokens + coalesce(workloads.beams, 1) * workloads.output_tokens)
            else coalesce(workloads.input_values_per_unit, 0) * precisions.bytes_per_value
        end as memory_bytes_per_sequence,
        workloads.submitted_precision = precisions.precision_id as is_submitted_precision
    from workloads
    cross join precisions

)

select * from final
