{#- Memory a generative (KV-cache) workload needs, per precision x sequence length x batch: resident weights
    + KV cache (2 x layers x KV heads x head dim x bytes per value per token of context, for every sequence of
    the batch; beams share the context). Activations and runtime workspace are not counted: the figure is a lower bound, so the
    accelerator counts derived from it are minimums. The grid is dbt_project.yml's workload_sequence_lengths
    x workload_batch_sizes. Also the work of one decode step at that point (FLOP and bytes read), so a time
    per output token on n accelerators is roofline_time_ms(decode_flop_per_step, decode_bytes_per_step, ...). -#}

with

workload_precisions as (

    select * from {{ ref('int_workloads__workload_precisions') }}

),

sequence_lengths as (
    {{ aihw.values_from_var('workload_sequence_lengths', 'sequence_length') }}
),

batch_sizes as (
    {{ aihw.values_from_var('workload_batch_sizes', 'batch_size') }}
),

grid as (

    select
        workload_precisions.*,
        sequence_lengths.sequence_length,
        batch_sizes.batch_size,
        workload_precisions.kv_cache_bytes_per_token * sequence_lengths.sequence_length
        * batch_sizes.batch_size as kv_cache_bytes
    from workload_precisions
    cross join sequence_lengths
    cross join batch_sizes
    where workload_precisions.kv_cache_bytes_per_token is not null

),

final as (

    select
        workload_id,
        precision_id,
        sequence_length,
        batch_size,
        resident_weight_bytes / 1000000000.0 as weight_gb,
        kv_cache_bytes / 1000000000.0 as kv_cache_gb,
        (resident_weight_bytes + kv_cache_bytes) / 1000000000.0 as required_memory_gb,
        'derived:weights+kv_cache (activations excluded: a lower bound)' as required_memory_provenance,
        flop_per_unit * batch_size as decode_flop_per_step,
        active_weight_bytes + kv_cache_bytes as decode_bytes_per_step
    from grid

)

select * from final
