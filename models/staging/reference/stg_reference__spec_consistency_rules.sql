with

source as (

    select * from {{ ref('spec_consistency_rules') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('rule_id')) }} as rule_id,
        {{ clean_text(adapter.quote('attribute')) }} as attribute,
        {{ clean_text(adapter.quote('check_name')) }} as check_name,
        {{ clean_text(adapter.quote('segment')) }} as segment,
        {{ to_double(adapter.quote('min_value')) }} as min_value,
        {{ to_double(adapter.quote('max_value')) }} as max_value,
        coalesce(lower({{ clean_text(adapter.quote('nulls_value')) }}) = 'true', false) as nulls_value,
        {{ clean_text(adapter.quote('reason')) }} as reason,
        {{ clean_text(adapter.quote('source_url')) }} as source_url,
        cast(nullif({{ adapter.quote('name_pattern') }}, '') as {{ dbt.type_string() }}) as name_pattern

    from source

)

select * from renamed
