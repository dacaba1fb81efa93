with

source as (

    select * from {{ ref('price_kind_rules') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('rule_id')) }} as rule_id,
        {{ to_int(adapter.quote('priority')) }} as priority,
        cast({{ adapter.quote('name_pattern') }} as {{ dbt.type_string() }}) as name_pattern,
        {{ clean_text(adapter.quote('price_kind')) }} as price_kind,
        {{ clean_text(adapter.quote('note')) }} as note

    from source

)

select * from renamed
