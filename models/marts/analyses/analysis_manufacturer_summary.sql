{#- One row per manufacturer: how many products, and medians / extremes of the reported metrics. -#}

with

hardware_metrics as (

    select * from {{ ref('fct_hardware_metrics') }}

),

throughput_efficiency as (

    select * from {{ ref('fct_throughput_efficiency') }}

),

manufacturers as (

    select * from {{ ref('dim_manufacturers') }}

),

fp32 as (

    select * from throughput_efficiency
    where precision = 'fp32' and value_provenance = 'reported'

),

summarised as (

    select
        hardware_metrics.manufacturer_id,
        {{ hardware_summary_columns() }}
    from hardware_metrics
    left join fp32
        on hardware_metrics.hardware_id = fp32.hardware_id
    group by hardware_metrics.manufacturer_id

),

final as (

    select
        manufacturers.manufacturer_name,
        summarised.*
    from summarised
    inner join manufacturers
        on summarised.manufacturer_id = manufacturers.manufacturer_id

)

select * from final
