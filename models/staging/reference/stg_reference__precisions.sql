with

source as (

    select * from {{ ref('precisions') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('precision_id')) }} as precision_id,
        {{ clean_text(adapter.quote('precision_name')) }} as precision_name,
        {{ to_int(adapter.quote('bits_per_value')) }} as bits_per_value,
        {{ to_double(adapter.quote('bytes_per_value')) }} as bytes_per_value,
        {{ clean_text(adapter.quote('is_floating_point')) }} = 'true' as is_floating_point,
        {{ clean_text(adapter.quote('peak_spec_column')) }} as peak_spec_column,
        {{ clean_text(adapter.quote('fallback_spec_column')) }} as fallback_spec_column,
        {{ clean_text(adapter.quote('source_url')) }} as source_url
    from source

)

select * from renamed
