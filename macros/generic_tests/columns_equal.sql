{#- Fails on every row where two columns differ (nulls compare equal). Used to prove that a repeated raw
    header column is an identical copy of the original before staging drops it. -#}
{% test columns_equal(model, column_a, column_b) %}

select
    {{ adapter.quote(column_a) }} as value_a,
    {{ adapter.quote(column_b) }} as value_b

from {{ model }}

where
    not (
        ({{ adapter.quote(column_a) }} is null and {{ adapter.quote(column_b) }} is null)
        or {{ adapter.quote(column_a) }} = {{ adapter.quote(column_b) }}
    )

{% endtest %}
