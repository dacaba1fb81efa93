{#- capability_id / chip_pattern are exposed as rule_id / name_pattern too, so the chip-specific rows can be
    compiled by first_matching_rule() like the other rule seeds -#}
with

source as (

    select * from {{ ref('architecture_capabilities') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('capability_id')) }} as capability_id,
        {{ clean_text(adapter.quote('capability_id')) }} as rule_id,
        {{ to_int(adapter.quote('priority')) }} as priority,
        {{ clean_text(adapter.quote('architecture_name')) }} as architecture_name,
        cast(nullif({{ adapter.quote('chip_pattern') }}, '') as {{ dbt.type_string() }}) as name_pattern,
        {{ to_double(adapter.quote('fp32_flop_per_shader_clock')) }} as fp32_flop_per_shader_clock,
        {{ clean_text(adapter.quote('fp16_support')) }} as fp16_support,
        {{ to_double(adapter.quote('fp16_to_fp32')) }} as fp16_to_fp32,
        {{ clean_text(adapter.quote('tensor_units')) }} as tensor_units,
        {{ to_double(adapter.quote('tensor_fp16_to_fp32')) }} as tensor_fp16_to_fp32,
        {{ clean_text(adapter.quote('int8_path')) }} as int8_path,
        {{ to_double(adapter.quote('int8_to_fp32')) }} as int8_to_fp32,
        {{ clean_text(adapter.quote('sparsity_convention')) }} as sparsity_convention,
        {{ clean_text(adapter.quote('source_url')) }} as source_url,
        {{ clean_text(adapter.quote('note')) }} as note

    from source

)

select * from renamed
