{#- Fails on every combination of the columns that occurs more than once (rows where all of them are null
    are ignored). -#}
{% test unique_combination_of_columns(model, combination) %}

{%- set columns = [] -%}
{%- for column in combination -%}
    {%- do columns.append(adapter.quote(column)) -%}
{%- endfor %}

with

counted as (

    select
        {{ columns | join(',\n        ') }},
        count(*) as row_count

    from {{ model }}

    where not ({{ columns | join(' is null and ') }} is null)

    group by {{ columns | join(', ') }}

)

select *
from counted
where row_count > 1

{% endtest %}
