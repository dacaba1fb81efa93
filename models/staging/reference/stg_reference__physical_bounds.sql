with

source as (

    select * from {{ ref('physical_bounds') }}

),

renamed as (

    select
        {{ dbt.concat([clean_text(adapter.quote('source_name')), "':'", clean_text(adapter.quote('column_name'))]) }}
            as physical_bound_id,
        {{ clean_text(adapter.quote('source_name')) }} as source_name,
        {{ clean_text(adapter.quote('column_name')) }} as column_name,
        {{ clean_text(adapter.quote('raw_column')) }} as raw_column,
        {{ to_double(adapter.quote('min_value')) }} as min_value,
        lower({{ clean_text(adapter.quote('min_inclusive')) }}) = 'true' as is_min_inclusive,
        {{ to_double(adapter.quote('max_value')) }} as max_value,
        lower({{ clean_text(adapter.quote('max_inclusive')) }}) = 'true' as is_max_inclusive,
        {{ clean_text(adapter.quote('reason')) }} as reason,
        {{ clean_text(adapter.quote('evidence')) }} as evidence
    from source

)

select * from renamed
