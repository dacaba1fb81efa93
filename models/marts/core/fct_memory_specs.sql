with

specs as (

    select * from {{ ref('int_hardware__specs') }}

),

final as (

    select
        hardware_key as hardware_id,
        memory_size_gb,
        memory_bandwidth_gb_per_s,
        case
            when memory_bandwidth_gb_per_s is not null then memory_bandwidth_gb_per_s_provenance
        end as memory_bandwidth_provenance,
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
