{#- Per hardware x workload, the precision a submission on that chip can be compared with: the fastest
    precision the chip has whose bytes per value are no fewer than those of the precision submissions of the
    workload use (a submission never ran narrower than that; FP8 and INT8 are both one byte, so a chip
    without an FP8 figure is compared at INT8). Ties on peak go to the wider precision. -#}

with

hardware_precisions as (

    select * from {{ ref('int_workloads__hardware_precisions') }}

),

workload_precisions as (

    select * from {{ ref('int_workloads__workload_precisions') }}

),

submitted as (

    select
        workload_id,
        bytes_per_value as submitted_bytes_per_value
    from workload_precisions
    where is_submitted_precision

),

candidates as (

    select
        hardware_precisions.hardware_id,
        submitted.workload_id,
        hardware_precisions.precision_id,
        row_number() over (
            partition by hardware_precisions.hardware_id, submitted.workload_id
            order by hardware_precisions.peak_tera_ops_per_s desc, hardware_precisions.bytes_per_value desc
        ) as precision_rank
    from hardware_precisions
    inner join submitted
        on hardware_precisions.bytes_per_value >= submitted.submitted_bytes_per_value

),

final as (

    select
        hardware_id,
        workload_id,
        precision_id
    from candidates
    where precision_rank = 1

)

select * from final
