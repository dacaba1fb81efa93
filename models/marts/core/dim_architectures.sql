with

architectures as (

    select * from {{ ref('stg_reference__architectures') }}

),

final as (

    select
        {{ name_to_id('architecture_name') }} as architecture_id,
        architecture_name,
        {{ name_to_id('manufacturer_name') }} as manufacturer_id,
        launch_year,
        source_url
    from architectures

)

select * from final
