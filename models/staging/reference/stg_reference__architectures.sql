with

source as (

    select * from {{ ref('architectures') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('architecture_name')) }} as architecture_name,
        {{ clean_text(adapter.quote('manufacturer_name')) }} as manufacturer_name,
        {{ to_int(adapter.quote('launch_year')) }} as launch_year,
        {{ clean_text(adapter.quote('source_url')) }} as source_url,
        {{ clean_text(adapter.quote('note')) }} as note

    from source

)

select * from renamed
