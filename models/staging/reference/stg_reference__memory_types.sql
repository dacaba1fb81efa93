with

source as (

    select * from {{ ref('memory_types') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('memory_type')) }} as memory_type,
        {{ to_double(adapter.quote('data_rate_factor')) }} as data_rate_factor,
        coalesce(lower({{ clean_text(adapter.quote('is_system_shared')) }}) = 'true', false) as is_system_shared,
        {{ clean_text(adapter.quote('source_url')) }} as source_url,
        {{ clean_text(adapter.quote('note')) }} as note

    from source

)

select * from renamed
