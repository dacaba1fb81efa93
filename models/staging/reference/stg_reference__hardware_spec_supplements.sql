with

source as (

    select * from {{ ref('hardware_spec_supplements') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('hardware_name')) }} as hardware_name,
        {{ clean_text(adapter.quote('attribute')) }} as attribute,
        {{ clean_text(adapter.quote('value')) }} as value,
        {{ clean_text(adapter.quote('unit')) }} as unit,
        {{ clean_text(adapter.quote('source_url')) }} as source_url,
        {{ clean_text(adapter.quote('note')) }} as note,
        case
            when {{ adapter.quote('attribute') }} in (
                    'fp32_tflops', 'fp16_tflops', 'tensor_fp16_bf16_tflops', 'int8_tops',
                    'memory_size_gb', 'memory_bandwidth_gb_per_s', 'tdp_watts'
                )
                then {{ to_double(adapter.quote('value')) }}
        end as value_number

    from source

)

select * from renamed
