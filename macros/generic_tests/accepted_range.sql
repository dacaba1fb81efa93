{#- Fails on every row whose value lies outside [min_value, max_value] (strict_min / strict_max exclude the
    bound; a text bound is a timestamp). Nulls pass, as in dbt-utils' accepted_range. -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, strict_min=false, strict_max=false) %}

{%- set column = adapter.quote(column_name) -%}

select *

from {{ model }}

where
    1 = 0
    {% if min_value is not none -%}
    or {{ column }} {{ '<=' if strict_min else '<' }} {{ aihw.range_bound(min_value) }}
    {%- endif %}
    {% if max_value is not none -%}
    or {{ column }} {{ '>=' if strict_max else '>' }} {{ aihw.range_bound(max_value) }}
    {%- endif %}

{% endtest %}

{% macro range_bound(value) -%}
    {%- if value is string -%}
        cast('{{ value }}' as timestamp)
    {%- else -%}
        {{ value }}
    {%- endif -%}
{%- endmacro %}
