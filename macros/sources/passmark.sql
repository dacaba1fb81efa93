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
            raw_source_check('TDP', 'non_positive_power', 'TDP must be positive watts', 'tdp_watts <= 0'),
            raw_source_check('TDP', 'implausible_power', 'TDP above 2000 W for one GPU', 'tdp_watts > 2000'),
            raw_source_check('G3Dmark', 'non_positive_score', 'G3D Mark must be positive', 'g3d_mark <= 0'),
            raw_source_check('price', 'non_positive_price', 'price must be positive USD', 'price_usd <= 0'),
            raw_source_check('testDate', 'implausible_year', 'test year outside 1995-2030',
                'test_year < 1995 or test_year > 2030'),
        ],
    }) }}
{%- endmacro %}
