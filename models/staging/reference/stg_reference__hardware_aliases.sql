with

source as (

    select * from {{ ref('hardware_aliases') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('source')) }} as source,
        {{ clean_text(adapter.quote('name_as_published')) }} as name_as_published,
        {{ clean_text(adapter.quote('canonical_name')) }} as canonical_name,
        {{ clean_text(adapter.quote('relation')) }} as relation,
        {{ clean_text(adapter.quote('note')) }} as note

    from source

)

select * from renamed
