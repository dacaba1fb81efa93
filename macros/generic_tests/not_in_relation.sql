{#- The inverse of relationships: no row of the model may match a row of `to` (optionally filtered) on the
    listed columns, e.g. a cost mart's (hardware_id, price_usd) must not be a system_share price of fct_prices
    (a per-card share of a system price is never a card price). Returns the matching rows. -#}
{% test not_in_relation(model, columns, to, to_columns, to_filter=none) %}

with

excluded as (

    select {{ to_columns | join(', ') }}
    from {{ to }}
    {% if to_filter %}where {{ to_filter }}{% endif %}

),

matched as (

    select tested.*
    from {{ model }} as tested
    inner join excluded
        on
        {%- for column in columns %}
            {% if not loop.first %}and {% endif %}tested.{{ column }} = excluded.{{ to_columns[loop.index0] }}
        {%- endfor %}

)

select * from matched

{% endtest %}
