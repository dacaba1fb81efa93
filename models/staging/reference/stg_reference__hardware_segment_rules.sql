with

source as (

    select * from {{ ref('hardware_segment_rules') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('rule_id')) }} as rule_id,
        {{ to_int(adapter.quote('priority')) }} as priority,
        cast({{ adapter.quote('name_pattern') }} as {{ dbt.type_string() }}) as name_pattern,
        {{ clean_text(adapter.quote('segment')) }} as segment,
        {{ clean_text(adapter.quote('note')) }} as note

    from source

)

select * from renamed
