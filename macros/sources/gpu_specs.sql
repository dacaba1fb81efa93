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
        ],
    }) }}
{%- endmacro %}
