{#- MLPerf Inference results of the earlier rounds, one file per round in mlperf_rounds/ (registry:
    seeds/raw/_raw__seeds.yml, a glob raw_file; staging: models/staging/mlperf_rounds). CPU-only systems
    publish a blank accelerator: no hardware name to resolve (name_filter). A result is identified by its
    round, its location in the submission repository, its model and its scenario. Its accelerator names are
    MLPerf's naming: they resolve through the hardware_aliases written for source mlperf (alias_source). -#}
{% macro raw_source__mlperf_rounds() -%}
    {{ return({
        'entity': 'results',
        'name_column': 'accelerator_name',
        'name_filter': 'accelerator_name is not null',
        'display_name_rank': 5,
        'file_column': 'source_file',
        'alias_source': 'mlperf',
        'duplicate_key': ['round_as_published', 'source_location', 'benchmark_model_as_published', 'scenario'],
        'counted_once_columns': ['system_result'],
        'checks': [
            raw_source_check('accelerator', 'no_accelerator',
                'CPU-only submission (no accelerator named): no per-accelerator figure',
                'accelerator_name is null'),
            raw_source_check('total_accelerators', 'zero_accelerator_count',
                'an accelerator is named but the system has 0 accelerators',
                'accelerator_name is not null and total_accelerators = 0'),
            raw_source_check('total_accelerators', 'accelerator_count_mismatch',
                'total_accelerators differs from accelerators_per_node x nodes',
                'total_accelerators != accelerators_per_node * node_count'),
            raw_source_check('accelerator', 'heterogeneous_system',
                'more than one accelerator type in the system: kept, no per-accelerator figure',
                aihw.mlperf_is_heterogeneous('accelerator_name_as_published')),
            raw_source_check('source_location', 'duplicate_result',
                'same round, source location, model and scenario appear more than once (the first row counts)',
                'duplicate_rows > 1'),
        ],
    }) }}
{%- endmacro %}

{#- A sortable number for an MLPerf round written 'major.minor' (e.g. '3.1' -> 301, '5.0' -> 500), used by every
    model that orders rounds (both MLPerf sources write their round through it). -#}
{% macro mlperf_round_order(round_expression) -%}
    (cast({{ dbt.split_part(round_expression, "'.'", 1) }} as {{ dbt.type_int() }}) * 100
        + cast({{ dbt.split_part(round_expression, "'.'", 2) }} as {{ dbt.type_int() }}))
{%- endmacro %}

{#- true for a result of a round the throughput model trains on (var mlperf_training_rounds, dbt_project.yml) -#}
{% macro is_training_round(round_column='round') -%}
    {{ round_column }} in ({% for round in var('mlperf_training_rounds') %}'{{ round }}'{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}

{#- a system with more than one accelerator type: MLPerf names them together in the one accelerator field
    ('A + B', 'A, B' or 'A and B'); kept, flagged (heterogeneous_system) and never divided per accelerator -#}
{% macro mlperf_is_heterogeneous(name_expression) -%}
    ({{ name_expression }} like '% + %' or {{ name_expression }} like '%, %' or {{ name_expression }} like '% and %')
{%- endmacro %}
