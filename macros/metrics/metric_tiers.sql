{#- Tier classifications. Each tier list is defined once here as (lower bound, label) pairs, highest first;
    a value below every bound gets the last label; a null value gets a null tier. docs/metrics.md shows the
    same tables. -#}

{% macro metric_tier_bounds() -%}
    {{ return({
        'ai_efficiency_tier': [
            [1.5, 'Ultra'], [0.75, 'Premium'], [0.25, 'High-End'], [0.05, 'Mid-Range'], [none, 'Entry'],
        ],
        'ai_performance_category': [
            [500, 'AI_Flagship'], [100, 'AI_High_End'], [25, 'AI_Mid_Range'], [5, 'AI_Entry'], [none, 'AI_Basic'],
        ],
        'memory_tier': [
            [128, 'Ultra'], [48, 'High'], [16, 'Medium'], [6, 'Low'], [none, 'Minimal'],
        ],
        'generation_category': [
            [2022, 'Current Gen (2022+)'], [2020, 'Recent Gen (2020-2021)'], [2018, 'Previous Gen (2018-2019)'],
            [2016, 'Older Gen (2016-2017)'], [2014, 'Legacy Gen (2014-2015)'], [none, 'Very Legacy (<2014)'],
        ],
    }) }}
{%- endmacro %}

{#- case expression: the first label whose lower bound the value reaches -#}
{% macro tier_case(expression, tier_name) -%}
    case
        {%- for bound, label in aihw.metric_tier_bounds()[tier_name] %}
            {%- if bound is none %}
        when {{ expression }} is not null then '{{ label }}'
            {%- else %}
        when {{ expression }} >= {{ bound }} then '{{ label }}'
            {%- endif %}
        {%- endfor %}
    end
{%- endmacro %}

{#- AI efficiency tier from the best dense 16-bit AI throughput per watt (TFLOP/s per W) -#}
{% macro ai_efficiency_tier(ai_tflops_per_watt) -%}
    {{ aihw.tier_case(ai_tflops_per_watt, 'ai_efficiency_tier') }}
{%- endmacro %}

{#- AI performance category from the best dense 16-bit AI throughput (TFLOP/s) -#}
{% macro ai_performance_category(ai_tflops) -%}
    {{ aihw.tier_case(ai_tflops, 'ai_performance_category') }}
{%- endmacro %}

{#- memory tier from on-board memory in GB (1e9 byte) -#}
{% macro memory_tier(memory_size_gb) -%}
    {{ aihw.tier_case(memory_size_gb, 'memory_tier') }}
{%- endmacro %}

{#- generation category from a calendar year -#}
{% macro generation_category(year) -%}
    {{ aihw.tier_case(year, 'generation_category') }}
{%- endmacro %}
