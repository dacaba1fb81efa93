with

source as (

    select * from {{ ref('manufacturer_rules') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('rule_id')) }} as rule_id,
        {{ to_int(adapter.quote('priority')) }} as priority,
        cast({{ adapter.quote('name_pattern') }} as {{ dbt.type_string() }}) as name_pattern,
        {{ clean_text(adapter.quote('manufacturer_name')) }} as manufacturer_name,
        {{ clean_text(adapter.quote('note')) }} as note

    from source

)

select * from renamed
