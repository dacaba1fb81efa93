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
        ],
    }) }}
{%- endmacro %}
