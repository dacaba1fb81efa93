{#- GPU spec sheets, TechPowerUp as compiled in Kaggle "GPU Specs v6" (registry: seeds/raw/_raw__seeds.yml,
    staging: models/staging/gpu_specs). Not yet in the identity crosswalk (no name_column): its SKU rules
    (Mobile, Max-Q, "20 GB" variants stay distinct products) are reviewed first. -#}
{% macro raw_source__gpu_specs() -%}
    {{ return({
        'entity': 'gpu_specs',
        'duplicate_key': ['manufacturer_raw', 'product_name', 'gpu_chip', 'memory_size_gb', 'base_clock_mhz'],
        'checks': [
            raw_source_check('productName', 'duplicate_row',
                'manufacturer, product, chip, memory size and base clock appear more than once in the file',
                'duplicate_rows > 1'),
            raw_source_check('gpuClock', 'non_positive_clock', 'base clock must be positive MHz',
                'base_clock_mhz <= 0'),
            raw_source_check('memSize', 'non_positive_memory', 'memory size must be positive GB',
                'memory_size_gb <= 0'),
            raw_source_check('unifiedShader', 'non_positive_shaders', 'shading units must be positive',
                'shading_units <= 0'),
            raw_source_check('releaseYear', 'implausible_year',
                'release year outside 1980-2030 (the first PC graphics adapters: 1981)',
                'release_year < 1980 or release_year > 2030'),
        ],
    }) }}
{%- endmacro %}
