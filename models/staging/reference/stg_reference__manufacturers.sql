with

source as (

    select * from {{ ref('manufacturers') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('manufacturer_name')) }} as manufacturer_name,
        {{ clean_text(adapter.quote('country')) }} as country,
        {{ clean_text(adapter.quote('website')) }} as website,
        {{ clean_text(adapter.quote('note')) }} as note

    from source

)

select * from renamed
