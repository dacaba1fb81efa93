with

source as (

    select * from {{ ref('spec_overrides') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('hardware_name')) }} as hardware_name,
        {{ clean_text(adapter.quote('attribute')) }} as attribute,
        {{ to_double(adapter.quote('value')) }} as value,
        {{ clean_text(adapter.quote('action')) }} as override_action,
        {{ clean_text(adapter.quote('source_url')) }} as source_url,
        cast({{ clean_text(adapter.quote('reviewed_on')) }} as date) as reviewed_on,
        {{ clean_text(adapter.quote('note')) }} as note

    from source

)

select * from renamed
