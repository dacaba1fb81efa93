{#- GPU compute-API scores (registry: seeds/raw/_raw__seeds.yml, staging: models/staging/gpu_api_scores). -#}
{% macro raw_source__gpu_api_scores() -%}
    {%- set score_columns = [] -%}
    {%- for api in graphics_apis() -%}
        {%- do score_columns.append(api | lower ~ '_score') -%}
    {%- endfor -%}
    {{ return({
        'entity': 'device_scores',
        'name_column': 'device_name',
        'manufacturer_column': 'manufacturer_raw',
        'display_name_rank': 4,
        'duplicate_key': ['manufacturer_raw', 'device_name'],
        'checks': [
            raw_source_check('Device', 'duplicate_name',
                'manufacturer and device name appear more than once in the file', 'duplicate_rows > 1'),
            raw_source_check('CUDA/Metal/OpenCL/Vulkan', 'no_score', 'row has no score for any API',
                score_columns | join(' is null and ') ~ ' is null'),
        ],
    }) }}
{%- endmacro %}

{#- The graphics/compute APIs the scores file publishes; staging names each score column <api>_score
    (lowercase). Iterated by fct_graphics_api_scores, dim_hardware_specs and the checks above. -#}
{% macro graphics_apis() -%}
    {{ return(['CUDA', 'OpenCL', 'Vulkan', 'Metal']) }}
{%- endmacro %}
