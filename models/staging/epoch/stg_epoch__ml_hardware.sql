{#- Epoch AI publishes SI base units; this view converts them to the units named in each column:
    FLOP/s -> TFLOP/s (1e12), OP/s -> TOP/s (1e12), byte -> GB (1e9, decimal), byte/s -> GB/s (1e9),
    bit/s -> Gbit/s (1e9). -#}
{%- set tera = 1e12 -%}
{%- set giga = 1e9 -%}

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
        {{ to_double(adapter.quote('Release price (USD)')) }} as release_price_usd,
        {{ to_double(adapter.quote('FP64 (double precision) performance (FLOP/s)')) }} / {{ tera }} as fp64_tflops,
        {{ to_double(adapter.quote('FP32 (single precision) performance (FLOP/s)')) }} / {{ tera }} as fp32_tflops,
        {{ to_double(adapter.quote('FP16 (half precision) performance (FLOP/s)')) }} / {{ tera }} as fp16_tflops,
        {{ to_double(adapter.quote('TF32 (TensorFloat-32) performance (FLOP/s)')) }} / {{ tera }} as tf32_tflops,
        {{ to_double(adapter.quote('Tensor-FP16/BF16 performance (FLOP/s)')) }} / {{ tera }} as tensor_fp16_bf16_tflops,
        {{ to_double(adapter.quote('INT16 performance (OP/s)')) }} / {{ tera }} as int16_tops,
        {{ to_double(adapter.quote('INT8 performance (OP/s)')) }} / {{ tera }} as int8_tops,
        {{ to_double(adapter.quote('INT4 performance (OP/s)')) }} / {{ tera }} as int4_tops,
        {{ to_double(adapter.quote('Memory size per board (Byte)')) }} / {{ giga }} as memory_size_gb,
        {{ to_double(adapter.quote('Memory bandwidth (byte/s)')) }} / {{ giga }} as memory_bandwidth_gb_per_s,
        {{ to_double(adapter.quote('Intranode bandwidth (byte/s)')) }} / {{ giga }} as intranode_bandwidth_gb_per_s,
        {{ to_double(adapter.quote('Internode bandwidth (bit/s)')) }} / {{ giga }} as internode_bandwidth_gbit_per_s,
        {{ to_double(adapter.quote('Die Size (mm^2)')) }} as die_size_mm2,
        {{ to_double(adapter.quote('TDP (W)')) }} as tdp_watts,
        {{ to_double(adapter.quote('Base clock (MHz)')) }} as base_clock_mhz,
        {{ to_double(adapter.quote('Boost clock (MHz)')) }} as boost_clock_mhz,
        {{ to_double(adapter.quote('Memory clock (MHz)')) }} as memory_clock_mhz,
        {{ to_int(adapter.quote('Memory bus (bit)')) }} as memory_bus_bits,
        {{ to_int(adapter.quote('Tensor cores')) }} as tensor_cores,
        {{ to_double(adapter.quote('Process size (nm)')) }} as process_size_nm,
        {{ clean_text(adapter.quote('Foundry')) }} as foundry,
        {{ to_double(adapter.quote('Number of transistors (millions)')) }} as transistors_millions,
        {{ clean_text(adapter.quote('Link to datasheet')) }} as datasheet_url,
        {{ clean_text(adapter.quote('Source for the price')) }} as price_source,
        {{ clean_text(adapter.quote('ML models')) }} as ml_models,
        {{ to_utc_timestamp(adapter.quote('Last modified')) }} as last_modified_at

    from source

)

select * from renamed
