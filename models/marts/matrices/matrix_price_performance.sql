{#- Price-performance matrix: every product with a price and a reported performance figure (FP32
    throughput or a G3D score): performance per dollar and per dollar-watt (reported values only). -#}
{%- set precisions = efficiency_precisions() -%}

with

inputs as (

    select * from {{ ref('dim_hardware_specs') }}

),

hardware_metrics as (

    select * from {{ ref('fct_hardware_metrics') }}

),

throughput_efficiency as (

    select * from {{ ref('fct_throughput_efficiency') }}

),

price_wide as (

    select
        hardware_id,
        {{ precision_pivot('giga_ops_per_s_per_usd', 'gflops_per_usd', 'gops_per_usd', precisions) }}
        {{ precision_pivot('giga_ops_per_s_per_usd_watt', 'gflops_per_usd_watt', 'gops_per_usd_watt', ['fp32']) }}
        count(*) as precision_count
    from throughput_efficiency
    group by hardware_id

),

final as (

    select
        inputs.hardware_id,
        inputs.hardware_name,
        inputs.manufacturer_id,
        inputs.architecture_id,
        inputs.reference_year,
        inputs.price_usd,
        inputs.price_kind,
        inputs.launch_price_usd,
        inputs.street_price_usd,
        inputs.tdp_watts,
        inputs.fp32_tflops,
        inputs.g3d_mark,
        price_wide.fp32_gflops_per_usd,
        price_wide.fp16_gflops_per_usd,
        price_wide.tensor_fp16_bf16_gflops_per_usd,
        price_wide.int8_gops_per_usd,
        price_wide.fp32_gflops_per_usd_watt,
        hardware_metrics.g3d_per_usd,
        hardware_metrics.g3d_per_usd_watt
    from inputs
    inner join hardware_metrics
        on inputs.hardware_id = hardware_metrics.hardware_id
    left join price_wide
        on inputs.hardware_id = price_wide.hardware_id
    where
        inputs.price_usd is not null
        and (inputs.fp32_tflops is not null or inputs.g3d_mark is not null)

)

select * from final
