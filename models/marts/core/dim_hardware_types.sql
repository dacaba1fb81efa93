{#- Hardware types: the short list every published type maps to (macro canonical_hardware_type). -#}

with

types as (

    select 'GPU' as hardware_type_name
    union all
    select 'TPU' as hardware_type_name
    union all
    select 'NPU' as hardware_type_name
    union all
    select 'LPU' as hardware_type_name
    union all
    select 'ASIC' as hardware_type_name
    union all
    select 'CPU' as hardware_type_name
    union all
    select 'Other' as hardware_type_name
    union all
    select 'Unknown' as hardware_type_name

),

final as (

    select
        {{ name_to_id('hardware_type_name') }} as hardware_type_id,
        hardware_type_name
    from types

)

select * from final
