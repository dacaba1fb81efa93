{#- One row per architecture (products without a known architecture are summarised under 'unknown'):
    how many products, and medians / extremes of the reported metrics. -#}

with

hardware_metrics as (

    select * from {{ ref('fct_hardware_metrics') }}

),

throughput_efficiency as (

    select * from {{ ref('fct_throughput_efficiency') }}

),

architectures as (

    select * from {{ ref('dim_architectures') }}

),

fp32 as (

    select * from throughput_efficiency
    where precision = 'fp32' and value_provenance = 'reported'

),

summarised as (

    select
        coalesce(hardware_metrics.architecture_id, 'unknown') as architecture_id,
        {{ hardware_summary_columns() }}
    from hardware_metrics
    left join fp32
        on hardware_metrics.hardware_id = fp32.hardware_id
    group by coalesce(hardware_metrics.architecture_id, 'unknown')

),

final as (

    select
        summarised.architecture_id,
        architectures.architecture_name,
        architectures.manufacturer_id,
        architectures.launch_year as architecture_launch_year,
        summarised.product_count,
        summarised.products_with_fp32_count,
        summarised.products_with_g3d_count,
        summarised.first_reference_year,
        summarised.last_reference_year,
        summarised.median_fp32_tflops,
        summarised.max_fp32_tflops,
        summarised.median_fp32_gflops_per_watt,
        summarised.median_fp32_gflops_per_usd,
        summarised.max_reported_ai_tflops,
        summarised.median_g3d_mark,
        summarised.median_g3d_per_watt,
        summarised.median_g3d_per_usd,
        summarised.median_tdp_watts,
        summarised.median_price_usd
    from summarised
    left join architectures
        on summarised.architecture_id = architectures.architecture_id

)

select * from final
