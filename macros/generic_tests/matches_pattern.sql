{#- Fails on every row whose value does not contain a match of the regular expression `pattern` (anchor it
    with ^...$ for a whole-value match). Nulls pass. -#}
{% test matches_pattern(model, column_name, pattern) %}

select *

from {{ model }}

where not ({{ aihw.regexp_matches(adapter.quote(column_name), pattern) }})

{% endtest %}

{% macro regexp_matches(expression, pattern) -%}
    {{ return(adapter.dispatch('regexp_matches', 'aihw')(expression, pattern)) }}
{%- endmacro %}

{% macro default__regexp_matches(expression, pattern) -%}
    {{ expression }} ~ '{{ pattern }}'
{%- endmacro %}

{% macro duckdb__regexp_matches(expression, pattern) -%}
    regexp_matches({{ expression }}, '{{ pattern }}')
{%- endmacro %}

{% macro spark__regexp_matches(expression, pattern) -%}
    {{ expression }} rlike '{{ pattern }}'
{%- endmacro %}
