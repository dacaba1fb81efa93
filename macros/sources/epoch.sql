{#- Epoch AI's ML hardware specs (registry: seeds/raw/_raw__seeds.yml, staging: models/staging/epoch). -#}
{% macro raw_source__epoch() -%}
    {{ return({
        'entity': 'ml_hardware',
        'name_column': 'hardware_name',
        'manufacturer_column': 'manufacturer_raw',
        'display_name_rank': 1,
        'duplicate_key': ['hardware_name'],
        'checks': [
            raw_source_check('Hardware name', 'duplicate_name', 'hardware name appears more than once in the file',
                'duplicate_rows > 1'),
            raw_source_check('TDP (W)', 'non_positive_power', 'TDP must be positive watts', 'tdp_watts <= 0'),
            raw_source_check('performance (FLOP/s, OP/s)', 'negative_throughput', 'peak throughput cannot be negative',
                'fp64_tflops < 0 or fp32_tflops < 0 or fp16_tflops < 0 or tf32_tflops < 0
                 or tensor_fp16_bf16_tflops < 0 or int8_tops < 0 or int4_tops < 0'),
            raw_source_check('Memory size / bandwidth', 'non_positive_memory',
                'memory size and bandwidth must be positive', 'memory_size_gb <= 0 or memory_bandwidth_gb_per_s <= 0'),
        ],
    }) }}
{%- endmacro %}
