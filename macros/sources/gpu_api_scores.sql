{#- GPU compute-API scores (registry: seeds/raw/_raw__seeds.yml, staging: models/staging/gpu_api_scores). -#}
{% macro raw_source__gpu_api_scores() -%}
    {{ return({
        'entity': 'device_scores',
        'name_column': 'device_name',
        'manufacturer_column': 'manufacturer_raw',
        'display_name_rank': 4,
        'duplicate_key': ['manufacturer_raw', 'device_name'],
        'checks': [
            raw_source_check('Device', 'duplicate_name',
                'manufacturer and device name appear more than once in the file', 'duplicate_rows > 1'),
            raw_source_check('CUDA/Metal/OpenCL/Vulkan', 'non_positive_score', 'compute scores must be positive',
                'cuda_score <= 0 or metal_score <= 0 or opencl_score <= 0 or vulkan_score <= 0'),
            raw_source_check('CUDA/Metal/OpenCL/Vulkan', 'no_score', 'row has no score for any API',
                'cuda_score is null and metal_score is null and opencl_score is null and vulkan_score is null'),
        ],
    }) }}
{%- endmacro %}
