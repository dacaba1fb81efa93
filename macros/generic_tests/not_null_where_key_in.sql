{#- not_null scoped to the rows whose key_column is among keys_model.keys_column (optionally filtered): a
    coverage promise that only curated rows can keep (e.g. a spec the reviewed supplements complete) is tested
    on the curated keys, so generated or new data without curated rows does not fail it; row_filter narrows
    the tested rows further (a condition on the model's own columns). Returns the rows in scope whose column
    is null. -#}
{% test not_null_where_key_in(model, column_name, key_column, keys_model, keys_column, keys_filter=none, row_filter=none) %}

with

scope_keys as (

    select distinct {{ keys_column }} as scope_key
    from {{ keys_model }}
    {% if keys_filter %}where {{ keys_filter }}{% endif %}

),

in_scope as (

    select tested.*
    from {{ model }} as tested
    inner join scope_keys
        on tested.{{ key_column }} = scope_keys.scope_key

)

select * from in_scope
where {{ column_name }} is null{% if row_filter %} and {{ row_filter }}{% endif %}

{% endtest %}
