with

source as (

    select * from {{ ref('raw_gpu_api_scores__device_scores') }}

),

renamed as (

    select
        cast({{ adapter.quote('_row_number') }} as {{ dbt.type_int() }}) as source_row_number,
        cast({{ adapter.quote('_line_number') }} as {{ dbt.type_int() }}) as source_line_number,
        {{ clean_text(adapter.quote('Manufacturer')) }} as manufacturer_raw,
        {{ clean_text(adapter.quote('Device')) }} as device_name,
        {{ to_double(adapter.quote('CUDA')) }} as cuda_score,
        {{ to_double(adapter.quote('Metal')) }} as metal_score,
        {{ to_double(adapter.quote('OpenCL')) }} as opencl_score,
        {{ to_double(adapter.quote('Vulkan')) }} as vulkan_score

    from source

)

select * from renamed
