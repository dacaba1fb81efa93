with

manufacturers as (

    select * from {{ ref('stg_reference__manufacturers') }}

),

hardware as (

    select * from {{ ref('int_hardware__architecture_inferred') }}

),

architectures as (

    select * from {{ ref('stg_reference__architectures') }}

),

-- every manufacturer named anywhere, including any the reference seed does not describe yet
named as (

    select manufacturer_name from manufacturers
    union
    select manufacturer_name from hardware
    union
    select manufacturer_name from architectures

),

final as (

    select
        {{ name_to_id('named.manufacturer_name') }} as manufacturer_id,
        named.manufacturer_name,
        manufacturers.country,
        manufacturers.website,
        manufacturers.manufacturer_name is not null as is_described
    from named
    left join manufacturers
        on named.manufacturer_name = manufacturers.manufacturer_name
    where named.manufacturer_name is not null

)

select * from final
