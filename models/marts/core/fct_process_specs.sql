with

specs as (

    select * from {{ ref('int_hardware__specs') }}

),

final as (

    select
        hardware_key as hardware_id,
        process_size_nm,
        die_size_mm2,
        transistors_millions,
        foundry
    from specs
    where
        process_size_nm is not null
        or die_size_mm2 is not null
        or transistors_millions is not null
        or foundry is not null

)

select * from final
