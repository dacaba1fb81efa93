with

source as (

    select * from {{ ref('hardware_name_rewrites') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('rule_id')) }} as rule_id,
        {{ to_int(adapter.quote('priority')) }} as priority,
        cast({{ adapter.quote('name_pattern') }} as {{ dbt.type_string() }}) as name_pattern,
        cast({{ adapter.quote('replacement') }} as {{ dbt.type_string() }}) as replacement,
        {{ clean_text(adapter.quote('source_url')) }} as source_url,
        {{ clean_text(adapter.quote('note')) }} as note

    from source

)

select * from renamed
