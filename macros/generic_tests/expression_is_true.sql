{#- Fails on every row where the expression is false (null counts as passing, as in dbt-utils). -#}
{% test expression_is_true(model, expression, where_clause=none) %}

select *

from {{ model }}

where
    not ({{ expression }})
    {% if where_clause %}and ({{ where_clause }}){% endif %}

{% endtest %}
