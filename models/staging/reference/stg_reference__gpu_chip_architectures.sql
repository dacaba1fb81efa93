with

source as (

    select * from {{ ref('gpu_chip_architectures') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('rule_id')) }} as rule_id,
        {{ to_int(adapter.quote('priority')) }} as priority,
        {{ clean_text(adapter.quote('manufacturer_name')) }} as manufacturer_name,
        cast({{ adapter.quote('name_pattern') }} as {{ dbt.type_string() }}) as name_pattern,
        {{ clean_text(adapter.quote('architecture_name')) }} as architecture_name,
        {{ clean_text(adapter.quote('source_url')) }} as source_url,
        {{ clean_text(adapter.quote('note')) }} as note

    from source

)

select * from renamed
