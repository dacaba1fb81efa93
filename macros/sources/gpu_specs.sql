{#- GPU spec sheets, TechPowerUp as compiled in Kaggle "GPU Specs v6" (registry: seeds/raw/_raw__seeds.yml,
    staging: models/staging/gpu_specs). Joins the identity crosswalk by its product name: SKU variants
    (Mobile, Max-Q, Embedded, "20 GB") are distinct names and so distinct products; the spellings other
    sources use for the same variant ("Laptop GPU", "with Max-Q Design") are rewritten to one form by
    seeds/reference/hardware_name_rewrites.csv before the match key is built. Its spelling names a product
    only when no other source names it (display_name_rank 5). -#}
{% macro raw_source__gpu_specs() -%}
    {{ return({
        'entity': 'gpu_specs',
        'name_column': 'product_name',
        'manufacturer_column': 'manufacturer_raw',
        'display_name_rank': 5,
        'duplicate_key': ['manufacturer_raw', 'product_name', 'gpu_chip', 'memory_size_gb', 'base_clock_mhz'],
        'checks': [
            raw_source_check('productName', 'duplicate_row',
                'manufacturer, product, chip, memory size and base clock appear more than once in the file',
                'duplicate_rows > 1'),
        ],
    }) }}
{%- endmacro %}
