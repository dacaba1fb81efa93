{#- FLOP/s per dollar by release date: one row per chip and precision with a price and a release date, for
    the price-performance trend (semantic metric compute_per_usd by metric_time). Throughput and its
    provenance (reported or imputed) come from fct_throughput_efficiency, the price and its kind from the
    one price definition of dim_hardware_specs. -#}

with

throughput_efficiency as (

    select * from {{ ref('fct_throughput_efficiency') }}

),

hardware as (

    select * from {{ ref('dim_hardware') }}

),

final as (

    select
        throughput_efficiency.throughput_efficiency_id as compute_per_dollar_id,
        throughput_efficiency.hardware_id,
        hardware.hardware_name,
        hardware.release_date,
        throughput_efficiency.precision,
        throughput_efficiency.throughput_tera_ops_per_s,
        throughput_efficiency.value_provenance,
        throughput_efficiency.price_usd,
        throughput_efficiency.price_kind,
        throughput_efficiency.giga_ops_per_s_per_usd
    from throughput_efficiency
    inner join hardware
        on throughput_efficiency.hardware_id = hardware.hardware_id
    where
        throughput_efficiency.giga_ops_per_s_per_usd is not null
        and hardware.release_date is not null

)

select * from final
