{#- Graphics performance matrix: every product with a PassMark G3D score or a compute-API score, with the
    scores, power and the G3D efficiency metrics (reported values only). -#}

with

inputs as (

    select * from {{ ref('dim_hardware_specs') }}

),

hardware_metrics as (

    select * from {{ ref('fct_hardware_metrics') }}

),

final as (

    select
        inputs.hardware_id,
        inputs.hardware_name,
        inputs.manufacturer_id,
        inputs.architecture_id,
        inputs.reference_year,
        inputs.reference_year_source,
        hardware_metrics.generation_category,
        inputs.g3d_mark,
        inputs.g2d_mark,
        inputs.cuda_score,
        inputs.opencl_score,
        inputs.vulkan_score,
        inputs.metal_score,
        inputs.tdp_watts,
        inputs.tdp_source,
        inputs.price_usd,
        inputs.price_kind,
        hardware_metrics.g3d_per_watt,
        hardware_metrics.g3d_per_usd,
        hardware_metrics.compute_usage_percent,
        inputs.passmark_result_count,
        inputs.api_score_count
    from inputs
    inner join hardware_metrics
        on inputs.hardware_id = hardware_metrics.hardware_id
    where inputs.g3d_mark is not null or inputs.api_score_count > 0

)

select * from final
