{#- PassMark GPU benchmarks (registry: seeds/raw/_raw__seeds.yml, staging: models/staging/passmark). -#}
{% macro raw_source__passmark() -%}
    {{ return({
        'entity': 'gpu_benchmarks',
        'name_column': 'gpu_name',
        'display_name_rank': 3,
        'duplicate_key': ['gpu_name'],
        'checks': [
            raw_source_check('gpuName', 'duplicate_name', 'product name appears more than once in the file',
                'duplicate_rows > 1'),
        ],
    }) }}
{%- endmacro %}
