{#- typed numeric columns are NULL outside their physical bounds (seeds/reference/physical_bounds.csv) -#}
{%- set bounds = physical_bounds('gpu_specs') -%}

with

source as (

    select * from {{ ref('raw_gpu_specs__gpu_specs') }}

),

renamed as (

    select
        cast({{ adapter.quote('_row_number') }} as {{ dbt.type_int() }}) as source_row_number,
        cast({{ adapter.quote('_line_number') }} as {{ dbt.type_int() }}) as source_line_number,
        {{ clean_text(adapter.quote('manufacturer')) }} as manufacturer_raw,
        {{ clean_text(adapter.quote('productName')) }} as product_name,
        {{ to_bounded_int(bounds, 'release_year', adapter.quote('releaseYear')) }} as release_year,
        {{ to_bounded_double(bounds, 'memory_size_gb', adapter.quote('memSize')) }} as memory_size_gb,
        {{ to_bounded_int(bounds, 'memory_bus_bits', adapter.quote('memBusWidth')) }} as memory_bus_bits,
        {{ to_bounded_double(bounds, 'base_clock_mhz', adapter.quote('gpuClock')) }} as base_clock_mhz,
        {{ to_bounded_double(bounds, 'memory_clock_mhz', adapter.quote('memClock')) }} as memory_clock_mhz,
        {{ to_bounded_int(bounds, 'shading_units', adapter.quote('unifiedShader')) }} as shading_units,
        {{ to_bounded_int(bounds, 'texture_units', adapter.quote('tmu')) }} as texture_units,
        {{ to_bounded_int(bounds, 'render_output_units', adapter.quote('rop')) }} as render_output_units,
        {{ to_bounded_int(bounds, 'pixel_shaders', adapter.quote('pixelShader')) }} as pixel_shaders,
        {{ to_bounded_int(bounds, 'vertex_shaders', adapter.quote('vertexShader')) }} as vertex_shaders,
        coalesce(lower({{ clean_text(adapter.quote('igp')) }}) = 'yes', false) as is_integrated,
        {{ clean_text(adapter.quote('bus')) }} as host_bus,
        {{ clean_text(adapter.quote('memType')) }} as memory_type,
        {{ clean_text(adapter.quote('gpuChip')) }} as gpu_chip

    from source

)

select * from renamed
