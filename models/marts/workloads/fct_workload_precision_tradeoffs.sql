{#- What a narrower precision buys against FP16/BF16, per hardware x workload x precision the chip has (both
    figures must exist: no precision a chip lacks): the predicted speed-up at batch 1 (latency) and at the
    largest batch of the grid (throughput), both from the roofline (derived:roofline, ideal: the accuracy
    the narrower format keeps is not modelled here, see fct_workload_accuracy_cost), and the memory saving of
    weights + KV cache / inputs at batch 1. Speed-ups are ratios of the same roofline on the same number of
    accelerators (the FP16 row's count), so fitting on fewer cards is reported separately
    (min_accelerators_reference / min_accelerators). -#}

{%- set largest_batch = var('workload_batch_sizes') | max -%}
{%- set reference_precision = 'fp16_bf16' -%}

{#- built after fct_workload_measured_vs_roofline, never beside it: the two largest readers of the roofline each
    hold a join state of about half the DuckDB build's memory cap at 100x the data (profiles.yml), and run at once
    on dbt's two threads they failed it #}
-- depends_on: {{ ref('fct_workload_measured_vs_roofline') }}

with

-- the candidate and the reference precision as two single-use relations, not one CTE read twice (which DuckDB
-- materialises: every chip's rows at both batches, 5 M rows in memory at 100x the data)
candidate_rows as (

    select * from {{ ref('fct_workload_roofline') }}
    where
        batch_size in (1, {{ largest_batch }})
        and precision_id != '{{ reference_precision }}'

),

reference_rows as (

    select * from {{ ref('fct_workload_roofline') }}
    where
        batch_size in (1, {{ largest_batch }})
        and precision_id = '{{ reference_precision }}'

),

hardware as (

    select * from {{ ref('dim_hardware_specs') }}

),

paired as (

    select
        candidate.hardware_id,
        candidate.workload_id,
        candidate.precision_id,
        reference.precision_id as reference_precision_id,
        candidate.batch_size,
        reference.accelerators as reference_accelerators,
        {{ aihw.roofline_time_ms('reference.flop_per_step', 'reference.bytes_per_step',
            'reference.peak_tera_ops_per_s', 'reference.memory_bandwidth_gb_per_s', 'reference.accelerators') }}
            as reference_time_ms,
        {{ aihw.roofline_time_ms('candidate.flop_per_step', 'candidate.bytes_per_step',
            'candidate.peak_tera_ops_per_s', 'candidate.memory_bandwidth_gb_per_s', 'reference.accelerators') }}
            as candidate_time_ms,
        reference.required_memory_gb as reference_required_memory_gb,
        candidate.required_memory_gb,
        reference.min_accelerators as reference_min_accelerators,
        candidate.min_accelerators,
        candidate.bound
    from candidate_rows as candidate
    inner join reference_rows as reference
        on
            candidate.hardware_id = reference.hardware_id
            and candidate.workload_id = reference.workload_id
            and candidate.batch_size = reference.batch_size

),

final as (

    select
        paired.hardware_id,
        paired.workload_id,
        paired.precision_id,
        hardware.architecture_id,
        max(paired.reference_precision_id) as reference_precision_id,
        max(paired.reference_accelerators) as accelerators,
        max(
            case
                when paired.batch_size = 1
                    then {{ aihw.safe_divide('paired.reference_time_ms', 'paired.candidate_time_ms') }}
            end
        ) as latency_speedup_batch_1,
        max(
            case
                when paired.batch_size = {{ largest_batch }}
                    then {{ aihw.safe_divide('paired.reference_time_ms', 'paired.candidate_time_ms') }}
            end
        ) as throughput_speedup_batch_{{ largest_batch }},
        max(case when paired.batch_size = 1 then paired.bound end) as bound_batch_1,
        max(
            case
                when paired.batch_size = 1
                    then 1 - {{ aihw.safe_divide('paired.required_memory_gb', 'paired.reference_required_memory_gb') }}
            end
        ) as memory_saving_share,
        max(case when paired.batch_size = 1 then paired.reference_min_accelerators end)
            as min_accelerators_reference,
        max(case when paired.batch_size = 1 then paired.min_accelerators end) as min_accelerators,
        'derived:roofline' as provenance
    from paired
    left join hardware
        on paired.hardware_id = hardware.hardware_id
    group by
        paired.hardware_id,
        paired.workload_id,
        paired.precision_id,
        hardware.architecture_id

)

select * from final
