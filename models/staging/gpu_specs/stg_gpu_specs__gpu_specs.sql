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
        {{ to_int(adapter.quote('releaseYear')) }} as release_year,
        {{ to_double(adapter.quote('memSize')) }} as memory_size_gb,
        {{ to_int(adapter.quote('memBusWidth')) }} as memory_bus_bits,
        {{ to_double(adapter.quote('gpuClock')) }} as base_clock_mhz,
        {{ to_double(adapter.quote('memClock')) }} as memory_clock_mhz,
        {{ to_int(adapter.quote('unifiedShader')) }} as shading_units,
        {{ to_int(adapter.quote('tmu')) }} as texture_units,
        {{ to_int(adapter.quote('rop')) }} as render_output_units,
        {{ to_int(adapter.quote('pixelShader')) }} as pixel_shaders,
        {{ to_int(adapter.quote('vertexShader')) }} as vertex_shaders,
        coalesce(lower({{ clean_text(adapter.quote('igp')) }}) = 'yes', false) as is_integrated,
        {{ clean_text(adapter.quote('bus')) }} as host_bus,
        {{ clean_text(adapter.quote('memType')) }} as memory_type,
        {{ clean_text(adapter.quote('gpuChip')) }} as gpu_chip

    from source

)

select * from renamed
