with

source as (

    select * from {{ ref('manufacturer_aliases') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('manufacturer_raw')) }} as manufacturer_raw,
        {{ clean_text(adapter.quote('manufacturer_name')) }} as manufacturer_name,
        {{ clean_text(adapter.quote('seen_in')) }} as seen_in,
        {{ clean_text(adapter.quote('note')) }} as note

    from source

)

select * from renamed
