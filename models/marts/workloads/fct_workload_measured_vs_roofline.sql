{#- Every MLPerf result with a hardware row and a workload, next to the roofline of its chip at the
    precision a submission can be compared with (int_workloads__hardware_submitted_precision):
    throughput results (Offline, Server) per accelerator against the roofline bound at the largest batch of
    the grid (an efficiency only where the chip has a figure at the submitted width: a wider precision's
    roofline is no bound on an FP8 run); SingleStream latencies (ms, once the rounds land them) against the batch-1 bound on the
    system's accelerators. The memory check: the workload at the submitted precision, batch 1 and its stated lengths needs
    min_accelerators_batch_1 cards; is_fit_consistent says the measured system had at least that many (a
    measured system judged "does not fit" would be a wrong memory model). Energy per unit is TDP / measured
    per-accelerator throughput: an upper bound, because no source in the warehouse has measured power. -#}

{%- set largest_batch = var('workload_batch_sizes') | max -%}

with

results as (

    select * from {{ ref('fct_mlperf_results') }}
    where hardware_id is not null

),

benchmarks as (

    select * from {{ ref('stg_reference__workload_benchmarks') }}

),

comparable_precision as (

    select * from {{ ref('int_workloads__hardware_submitted_precision') }}

),

submitted_precision as (

    select * from {{ ref('int_workloads__workload_precisions') }}
    where is_submitted_precision

),

-- two single-use relations, not one CTE read twice (which DuckDB materialises: every chip's rows at both
-- batches, 5 M rows in memory at 100x the data)
roofline_batch_one as (

    select * from {{ ref('fct_workload_roofline') }}
    where batch_size = 1

),

roofline_largest_batch as (

    select * from {{ ref('fct_workload_roofline') }}
    where batch_size = {{ largest_batch }}

),

hardware_precisions as (

    select * from {{ ref('int_workloads__hardware_precisions') }}

),

specs as (

    select * from {{ ref('dim_hardware_specs') }}

),

joined as (

    select
        cast(results.mlperf_result_id as {{ dbt.type_string() }}) as mlperf_result_id,
        results.hardware_id,
        benchmarks.workload_id,
        results.benchmark_model,
        benchmarks.accuracy_target_percent,
        results.scenario,
        results.units,
        results.total_accelerators,
        comparable_precision.precision_id,
        {{ aihw.is_latency_result('results.scenario', 'results.units') }} as is_latency_result,
        results.per_accelerator_result,
        results.system_result,
        submitted_precision.precision_id as submitted_precision_id,
        (submitted_precision.resident_weight_bytes + submitted_precision.memory_bytes_per_sequence)
        / 1000000000.0 as required_memory_gb_batch_1,
        {{ aihw.min_accelerators(
            'submitted_precision.resident_weight_bytes + submitted_precision.memory_bytes_per_sequence',
            'specs.memory_size_gb') }} as min_accelerators_batch_1,
        hardware_precisions.bytes_per_value = submitted_precision.bytes_per_value as is_same_width,
        at_batch_one.flop_per_step as flop_batch_1,
        at_batch_one.bytes_per_step as bytes_batch_1,
        at_batch_one.peak_tera_ops_per_s,
        at_batch_one.memory_bandwidth_gb_per_s,
        at_largest_batch.throughput_bound_per_accelerator_per_s,
        specs.tdp_watts
    from results
    inner join benchmarks
        on results.benchmark_model = benchmarks.benchmark_model
    left join submitted_precision
        on benchmarks.workload_id = submitted_precision.workload_id
    left join comparable_precision
        on
            results.hardware_id = comparable_precision.hardware_id
            and benchmarks.workload_id = comparable_precision.workload_id
    left join roofline_batch_one as at_batch_one
        on
            comparable_precision.hardware_id = at_batch_one.hardware_id
            and comparable_precision.workload_id = at_batch_one.workload_id
            and comparable_precision.precision_id = at_batch_one.precision_id
    left join roofline_largest_batch as at_largest_batch
        on
            comparable_precision.hardware_id = at_largest_batch.hardware_id
            and comparable_precision.workload_id = at_largest_batch.workload_id
            and comparable_precision.precision_id = at_largest_batch.precision_id
    left join specs
        on results.hardware_id = specs.hardware_id
    left join hardware_precisions
        on
            comparable_precision.hardware_id = hardware_precisions.hardware_id
            and comparable_precision.precision_id = hardware_precisions.precision_id

),

final as (

    select
        mlperf_result_id,
        hardware_id,
        workload_id,
        benchmark_model,
        accuracy_target_percent,
        scenario,
        units,
        total_accelerators,
        submitted_precision_id,
        precision_id as roofline_precision_id,
        case
            when precision_id is null then 'no peak figure at or above the submitted width'
            when is_same_width then 'comparable'
            else 'wider than submitted: the chip has no figure at the submitted width (not a bound)'
        end as roofline_comparison,
        case when not is_latency_result then per_accelerator_result end as measured_per_accelerator_per_s,
        case when not is_latency_result then throughput_bound_per_accelerator_per_s end
            as roofline_bound_per_accelerator_per_s,
        case
            when not is_latency_result and is_same_width
                then {{ aihw.safe_divide('per_accelerator_result', 'throughput_bound_per_accelerator_per_s') }}
        end as roofline_efficiency,
        case when is_latency_result then system_result end as measured_latency_ms,
        case
            when is_latency_result and scenario = 'SingleStream' and is_same_width
                then {{ aihw.roofline_time_ms('flop_batch_1', 'bytes_batch_1', 'peak_tera_ops_per_s',
                    'memory_bandwidth_gb_per_s', 'total_accelerators') }}
        end as roofline_latency_bound_ms,
        required_memory_gb_batch_1,
        min_accelerators_batch_1,
        case
            -- a published accelerator count of 0 is a flagged row (fct_mlperf_results): nothing to judge
            when total_accelerators > 0 then min_accelerators_batch_1 <= total_accelerators
        end as is_fit_consistent,
        case
            when not is_latency_result
                then {{ aihw.safe_divide('tdp_watts', 'per_accelerator_result') }}
        end as joules_per_unit_upper_bound,
        'measured:mlperf' as measured_provenance,
        'derived:roofline' as roofline_provenance,
        'derived:tdp_watts/measured_per_accelerator (upper bound; no measured power in any source)'
            as energy_provenance
    from joined

)

select * from final
