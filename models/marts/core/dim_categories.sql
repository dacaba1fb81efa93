{#- Market categories. PassMark's multi-valued categories ('Mobile, Workstation') are split into the bridge
    bridge_hardware_categories; 'Unknown' is a category of its own. -#}

with

categories as (

    select 'Desktop' as category_name
    union all
    select 'Mobile' as category_name
    union all
    select 'Workstation' as category_name
    union all
    select 'Unknown' as category_name

),

final as (

    select
        {{ name_to_id('category_name') }} as category_id,
        category_name
    from categories

)

select * from final
