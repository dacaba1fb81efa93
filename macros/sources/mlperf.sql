{#- MLPerf Inference results (registry: seeds/raw/_raw__seeds.yml, staging: models/staging/mlperf). CPU-only
    systems publish 'N/A' as accelerator: no hardware name to resolve (name_filter). -#}
{% macro raw_source__mlperf() -%}
    {{ return({
        'entity': 'inference_results',
        'name_column': 'accelerator_name',
        'name_filter': "upper(accelerator_name) not in ('N/A', 'NA', 'NONE')",
        'display_name_rank': 2,
        'duplicate_key': ['public_id', 'system_name', 'accelerator_name', 'benchmark_model', 'scenario'],
        'counted_once_columns': ['system_result'],
        'checks': [
            raw_source_check('Accelerator', 'no_accelerator',
                'CPU-only submission (accelerator N/A, 0 accelerators): no per-accelerator figure',
                "accelerator_count = 0 and upper(accelerator_name) = 'N/A'"),
            raw_source_check('# of Accelerators', 'zero_accelerator_count',
                'an accelerator is named but the system has 0 accelerators (counts out of bounds: physical_bounds)',
                "accelerator_count = 0 and upper(accelerator_name) != 'N/A'"),
            raw_source_check('Public ID', 'duplicate_result',
                'same submission, system, accelerator, benchmark and scenario appear more than once (the first row counts)',
                'duplicate_rows > 1'),
        ],
    }) }}
{%- endmacro %}
