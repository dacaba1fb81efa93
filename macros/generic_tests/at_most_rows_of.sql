{#- Fails on every row whose count column exceeds the row count of compare_model (e.g. products counted in a
    group can never be more than dim_hardware has): an upper bound that grows with the data instead of a
    constant. Nulls pass. -#}
{% test at_most_rows_of(model, column_name, compare_model) %}

with

compared as (

    select count(*) as compare_count
    from {{ compare_model }}

)

select
    tested.{{ adapter.quote(column_name) }},
    compared.compare_count
from {{ model }} as tested
cross join compared
where tested.{{ adapter.quote(column_name) }} > compared.compare_count

{% endtest %}
