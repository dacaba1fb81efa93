with

source as (

    select * from {{ ref('mlperf_accelerator_variants') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('accelerator_name_as_published')) }} as accelerator_name_as_published,
        {{ clean_text(adapter.quote('source_location_contains')) }} as source_location_contains,
        {{ clean_text(adapter.quote('accelerator_name')) }} as accelerator_name,
        {{ clean_text(adapter.quote('source_url')) }} as source_url,
        {{ clean_text(adapter.quote('note')) }} as note
    from source

)

select * from renamed
