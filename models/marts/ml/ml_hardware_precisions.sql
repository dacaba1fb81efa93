{#- Contracted input of python_ml's workload x precision predictions (python_ml.modeling.workload_precision): one
    row per hardware x precision the chip HAS (int_workloads__hardware_precisions: its peak at that precision from
    the dim_hardware_specs column the precisions seed names; a precision the chip lacks has no row), with the
    precision's bits per value. -#}

with

hardware_precisions as (

    select * from {{ ref('int_workloads__hardware_precisions') }}

),

final as (

    select
        {{ dbt.concat(['hardware_id', "':'", 'precision_id']) }} as hardware_precision_id,
        hardware_id,
        precision_id,
        8 * bytes_per_value as bits_per_value,
        peak_tera_ops_per_s
    from hardware_precisions

)

select * from final
