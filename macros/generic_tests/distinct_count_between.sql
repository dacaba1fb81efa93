{#- Fails (one row) when the column's number of distinct non-null values is outside [min_value, max_value]. -#}
{% test distinct_count_between(model, column_name, min_value, max_value) %}

with

counted as (

    select count(distinct {{ adapter.quote(column_name) }}) as distinct_count
    from {{ model }}

)

select distinct_count
from counted
where distinct_count < {{ min_value }} or distinct_count > {{ max_value }}

{% endtest %}
