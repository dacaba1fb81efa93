{#- Roofline per hardware x workload x precision the chip has x batch size, at the batches the marts and
    python_ml read: batch 1 (single-sample latency, TTFT, TPOT, the memory check), each MLPerf latency
    scenario's samples per query (stg_reference__mlperf_latency_scenarios: SingleStream 1, MultiStream 8) and
    the largest batch of dbt_project.yml's workload_batch_sizes grid (the throughput bound). The whole grid is
    not stored per chip (9 batches x every chip x workload x precision: 23 M rows at 100x the data, 7 GB to
    build); compute_bound_from_batch_size still scans the whole grid, batch by batch in one expression, and the
    batch curve of the work and memory is fct_workload_memory_requirements. Everything is derived:roofline
    (peak and bandwidth from dim_hardware_specs, work and bytes from the workload reference,
    macros/workloads/roofline.sql): an upper bound on throughput and a lower bound on time, never a prediction
    of what software reaches. A step is one batch (sample workloads) or one decode step of the batch (token
    workloads: one token per sequence and beam). The figures are stated at `accelerators` = the fewest
    accelerators whose memory holds the weights + KV cache (or inputs) at that batch and the workload's stated
    lengths; a workload that does not fit on one is answered fit_status = 'does not fit on 1' with its minimum
    count, and its throughput is that of the n-accelerator system, never of one card. -#}

{%- set grid = var('workload_batch_sizes') -%}
{%- set largest_batch = grid | max %}

with

hardware_precisions as (

    select * from {{ ref('int_workloads__hardware_precisions') }}

),

workload_precisions as (

    select * from {{ ref('int_workloads__workload_precisions') }}

),

latency_scenarios as (

    select * from {{ ref('stg_reference__mlperf_latency_scenarios') }}

),

batch_sizes as (

    select 1 as batch_size
    union
    select {{ largest_batch }} as batch_size
    union
    select samples_per_query as batch_size
    from latency_scenarios

),

steps as (

    select
        hardware_precisions.hardware_id,
        workload_precisions.workload_id,
        hardware_precisions.precision_id,
        batch_sizes.batch_size,
        workload_precisions.unit_of_work,
        hardware_precisions.peak_tera_ops_per_s,
        hardware_precisions.memory_bandwidth_gb_per_s,
        hardware_precisions.memory_size_gb,
        workload_precisions.is_submitted_precision,
        workload_precisions.flop_per_unit,
        workload_precisions.active_weight_bytes,
        case
            when workload_precisions.unit_of_work = 'token'
                then workload_precisions.kv_cache_bytes_per_token * workload_precisions.decode_kv_tokens
            else workload_precisions.input_bytes_per_unit
        end as bytes_per_unit_of_batch,
        workload_precisions.flop_per_unit * batch_sizes.batch_size as flop_per_step,
        coalesce(workload_precisions.active_weight_bytes, 0)
        + case
            when workload_precisions.unit_of_work = 'token'
                then batch_sizes.batch_size
                    * workload_precisions.kv_cache_bytes_per_token * workload_precisions.decode_kv_tokens
            else batch_sizes.batch_size * workload_precisions.input_bytes_per_unit
        end as bytes_per_step,
        batch_sizes.batch_size * workload_precisions.prefill_flop_per_sample as prefill_flop,
        coalesce(workload_precisions.active_weight_bytes, 0)
        + batch_sizes.batch_size
        * workload_precisions.kv_cache_bytes_per_token * workload_precisions.input_tokens as prefill_bytes,
        workload_precisions.resident_weight_bytes
        + batch_sizes.batch_size * workload_precisions.memory_bytes_per_sequence as required_memory_bytes
    from hardware_precisions
    inner join workload_precisions
        on hardware_precisions.precision_id = workload_precisions.precision_id
    cross join batch_sizes

),

sized as (

    select
        *,
        {{ aihw.min_accelerators('required_memory_bytes', 'memory_size_gb') }} as min_accelerators
    from steps

),

timed as (

    select
        *,
        coalesce(min_accelerators, 1) as accelerators,
        {{ aihw.roofline_time_ms('flop_per_step', 'bytes_per_step', 'peak_tera_ops_per_s',
            'memory_bandwidth_gb_per_s', 'coalesce(min_accelerators, 1)') }} as step_time_ms,
        {{ aihw.roofline_bound('flop_per_step', 'bytes_per_step', 'peak_tera_ops_per_s',
            'memory_bandwidth_gb_per_s') }} as bound,
        case
            when unit_of_work = 'token'
                then {{ aihw.roofline_time_ms('prefill_flop', 'prefill_bytes', 'peak_tera_ops_per_s',
                    'memory_bandwidth_gb_per_s', 'coalesce(min_accelerators, 1)') }}
        end as ttft_ms
    from sized

),

final as (

    select
        hardware_id,
        workload_id,
        precision_id,
        batch_size,
        unit_of_work,
        is_submitted_precision,
        peak_tera_ops_per_s,
        memory_bandwidth_gb_per_s,
        memory_size_gb,
        flop_per_step,
        bytes_per_step,
        {{ aihw.safe_divide('flop_per_step', 'bytes_per_step') }} as arithmetic_intensity_flop_per_byte,
        {{ aihw.ridge_point_flop_per_byte('peak_tera_ops_per_s', 'memory_bandwidth_gb_per_s') }}
            as ridge_point_flop_per_byte,
        bound,
        -- the smallest batch of the whole grid at which the step is compute-bound (not only the stored batches)
        {{ aihw.compute_bound_from_batch_size(grid, 'flop_per_unit', 'coalesce(active_weight_bytes, 0)',
            'bytes_per_unit_of_batch', 'peak_tera_ops_per_s', 'memory_bandwidth_gb_per_s') }}
            as compute_bound_from_batch_size,
        required_memory_bytes / 1000000000.0 as required_memory_gb,
        min_accelerators,
        accelerators,
        case
            when min_accelerators is null then 'unknown'
            when min_accelerators <= 1 then 'fits on 1'
            else 'does not fit on 1'
        end as fit_status,
        step_time_ms,
        {{ aihw.safe_divide('1000.0 * batch_size', 'step_time_ms') }} as system_throughput_bound_per_s,
        {{ aihw.safe_divide('1000.0 * batch_size', 'step_time_ms * accelerators') }}
            as throughput_bound_per_accelerator_per_s,
        case when unit_of_work = 'sample' then step_time_ms end as latency_bound_ms,
        ttft_ms as ttft_bound_ms,
        case when unit_of_work = 'token' then step_time_ms end as tpot_bound_ms,
        'derived:roofline' as provenance
    from timed

)

select * from final
