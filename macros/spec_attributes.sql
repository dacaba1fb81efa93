{#- The hardware spec attributes the warehouse carries, with their unit: one list used by the spec models
    (unpivot, pivot, docs) so an attribute is named and unit-labelled in exactly one place. -#}
{% macro spec_numeric_attributes() -%}
    {{ return({
        'release_price_usd': 'USD',
        'fp64_tflops': 'TFLOP/s',
        'fp32_tflops': 'TFLOP/s',
        'fp16_tflops': 'TFLOP/s',
        'tf32_tflops': 'TFLOP/s',
        'tensor_fp16_bf16_tflops': 'TFLOP/s',
        'int16_tops': 'TOP/s',
        'int8_tops': 'TOP/s',
        'int4_tops': 'TOP/s',
        'memory_size_gb': 'GB',
        'memory_bandwidth_gb_per_s': 'GB/s',
        'intranode_bandwidth_gb_per_s': 'GB/s',
        'internode_bandwidth_gbit_per_s': 'Gbit/s',
        'die_size_mm2': 'mm2',
        'tdp_watts': 'W',
        'base_clock_mhz': 'MHz',
        'boost_clock_mhz': 'MHz',
        'memory_clock_mhz': 'MHz',
        'memory_bus_bits': 'bit',
        'tensor_cores': 'count',
        'process_size_nm': 'nm',
        'transistors_millions': 'million transistors',
    }) }}
{%- endmacro %}

{% macro spec_text_attributes() -%}
    {{ return(['hardware_type', 'foundry', 'release_date', 'datasheet_url', 'price_source']) }}
{%- endmacro %}

{#- The precisions the warehouse reports peak throughput for, derived from the throughput attributes above
    (unit TFLOP/s or TOP/s): {precision: attribute}, e.g. 'fp32': 'fp32_tflops', in the order listed above.
    Every model and macro that loops over precisions iterates this (or efficiency_precisions()). -#}
{% macro precisions() -%}
    {%- set result = {} -%}
    {%- for attribute, unit in spec_numeric_attributes().items() if unit in ['TFLOP/s', 'TOP/s'] -%}
        {%- do result.update({attribute.rsplit('_', 1)[0]: attribute}) -%}
    {%- endfor -%}
    {{ return(result) }}
{%- endmacro %}

{#- The precisions the efficiency metrics and matrices cover: the imputation base FP32 and the precisions the
    rule-based imputation estimates from it (var imputation_ratio_targets), as {precision: attribute}. -#}
{% macro efficiency_precisions() -%}
    {%- set quantities = ['fp32_tflops'] + (var('imputation_ratio_targets') | list) -%}
    {%- set result = {} -%}
    {%- for precision, attribute in precisions().items() if attribute in quantities -%}
        {%- do result.update({precision: attribute}) -%}
    {%- endfor -%}
    {{ return(result) }}
{%- endmacro %}
