with

specs as (

    select * from {{ ref('int_hardware__specs') }}

),

final as (

    select
        hardware_key as hardware_id,
        memory_size_gb,
        memory_bandwidth_gb_per_s,
        memory_bus_bits,
        memory_clock_mhz
    from specs
    where
        memory_size_gb is not null
        or memory_bandwidth_gb_per_s is not null
        or memory_bus_bits is not null
        or memory_clock_mhz is not null

)

select * from final
