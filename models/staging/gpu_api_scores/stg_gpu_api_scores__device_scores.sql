{#- typed numeric columns are NULL outside their physical bounds (seeds/reference/physical_bounds.csv) -#}
{%- set bounds = physical_bounds('gpu_api_scores') -%}

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
        {{ to_bounded_double(bounds, 'cuda_score', adapter.quote('CUDA')) }} as cuda_score,
        {{ to_bounded_double(bounds, 'metal_score', adapter.quote('Metal')) }} as metal_score,
        {{ to_bounded_double(bounds, 'opencl_score', adapter.quote('OpenCL')) }} as opencl_score,
        {{ to_bounded_double(bounds, 'vulkan_score', adapter.quote('Vulkan')) }} as vulkan_score

    from source

)

select * from renamed
