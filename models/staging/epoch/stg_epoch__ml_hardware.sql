{#- Epoch AI publishes SI base units; this view converts them to the units named in each column:
    FLOP/s -> TFLOP/s (1e12), OP/s -> TOP/s (1e12), byte -> GB (1e9, decimal), byte/s -> GB/s (1e9),
    bit/s -> Gbit/s (1e9). -#}
{%- set tera = 1e12 -%}
{%- set giga = 1e9 -%}

{#- typed numeric columns are NULL outside their physical bounds (seeds/reference/physical_bounds.csv) -#}
{%- set bounds = physical_bounds('epoch') -%}

with

source as (

    select * from {{ ref('raw_epoch__ml_hardware') }}

),

renamed as (

    select
        cast({{ adapter.quote('_row_number') }} as {{ dbt.type_int() }}) as source_row_number,
        cast({{ adapter.quote('_line_number') }} as {{ dbt.type_int() }}) as source_line_number,
        {{ clean_text(adapter.quote('Hardware name')) }} as hardware_name,
        {{ clean_text(adapter.quote('Manufacturer')) }} as manufacturer_raw,
        {{ clean_text(adapter.quote('Type')) }} as hardware_type,
        cast(nullif(trim({{ adapter.quote('Release date') }}), '') as date) as release_date,
        {{ to_bounded_double(bounds, 'release_price_usd', adapter.quote('Release price (USD)')) }} as release_price_usd,
        {{ to_bounded_double(bounds, 'fp64_tflops', adapter.quote('FP64 (double precision) performance (FLOP/s)'), tera) }} as fp64_tflops,
        {{ to_bounded_double(bounds, 'fp32_tflops', adapter.quote('FP32 (single precision) performance (FLOP/s)'), tera) }} as fp32_tflops,
        {{ to_bounded_double(bounds, 'fp16_tflops', adapter.quote('FP16 (half precision) performance (FLOP/s)'), tera) }} as fp16_tflops,
        {{ to_bounded_double(bounds, 'tf32_tflops', adapter.quote('TF32 (TensorFloat-32) performance (FLOP/s)'), tera) }} as tf32_tflops,
        {{ to_bounded_double(bounds, 'tensor_fp16_bf16_tflops', adapter.quote('Tensor-FP16/BF16 performance (FLOP/s)'), tera) }}
            as tensor_fp16_bf16_tflops,
        {{ to_bounded_double(bounds, 'int16_tops', adapter.quote('INT16 performance (OP/s)'), tera) }} as int16_tops,
        {{ to_bounded_double(bounds, 'int8_tops', adapter.quote('INT8 performance (OP/s)'), tera) }} as int8_tops,
        {{ to_bounded_double(bounds, 'int4_tops', adapter.quote('INT4 performance (OP/s)'), tera) }} as int4_tops,
        {{ to_bounded_double(bounds, 'memory_size_gb', adapter.quote('Memory size per board (Byte)'), giga) }} as memory_size_gb,
        {{ to_bounded_double(bounds, 'memory_bandwidth_gb_per_s', adapter.quote('Memory bandwidth (byte/s)'), giga) }}
            as memory_bandwidth_gb_per_s,
        {{ to_bounded_double(bounds, 'intranode_bandwidth_gb_per_s', adapter.quote('Intranode bandwidth (byte/s)'), giga) }}
            as intranode_bandwidth_gb_per_s,
        {{ to_bounded_double(bounds, 'internode_bandwidth_gbit_per_s', adapter.quote('Internode bandwidth (bit/s)'), giga) }}
            as internode_bandwidth_gbit_per_s,
        {{ to_bounded_double(bounds, 'die_size_mm2', adapter.quote('Die Size (mm^2)')) }} as die_size_mm2,
        {{ to_bounded_double(bounds, 'tdp_watts', adapter.quote('TDP (W)')) }} as tdp_watts,
        {{ to_bounded_double(bounds, 'base_clock_mhz', adapter.quote('Base clock (MHz)')) }} as base_clock_mhz,
        {{ to_bounded_double(bounds, 'boost_clock_mhz', adapter.quote('Boost clock (MHz)')) }} as boost_clock_mhz,
        {{ to_bounded_double(bounds, 'memory_clock_mhz', adapter.quote('Memory clock (MHz)')) }} as memory_clock_mhz,
        {{ to_bounded_int(bounds, 'memory_bus_bits', adapter.quote('Memory bus (bit)')) }} as memory_bus_bits,
        {{ to_bounded_int(bounds, 'tensor_cores', adapter.quote('Tensor cores')) }} as tensor_cores,
        {{ to_bounded_double(bounds, 'process_size_nm', adapter.quote('Process size (nm)')) }} as process_size_nm,
        {{ clean_text(adapter.quote('Foundry')) }} as foundry,
        {{ to_bounded_double(bounds, 'transistors_millions', adapter.quote('Number of transistors (millions)')) }} as transistors_millions,
        {{ clean_text(adapter.quote('Link to datasheet')) }} as datasheet_url,
        {{ clean_text(adapter.quote('Source for the price')) }} as price_source,
        {{ clean_text(adapter.quote('ML models')) }} as ml_models,
        {{ to_utc_timestamp(adapter.quote('Last modified')) }} as last_modified_at

    from source

)

select * from renamed
