{#- Fails (one row) when the model's row count is outside [min_ratio, max_ratio] x the row count of
    compare_model's count (an upstream model; or, with compare_count 'sum(file_data_rows)' and a
    compare_filter, the landing manifest's count of a raw file): bounds that grow with the data instead of
    constants. min_ratio = max_ratio = 1 asserts equal counts (a reconciliation). -#}
{% test row_count_relative(model, compare_model, min_ratio=1, max_ratio=1, compare_filter=none, compare_count='count(*)') %}

with

counted as (

    select count(*) as row_count
    from {{ model }}

),

compared as (

    select {{ compare_count }} as compare_count
    from {{ compare_model }}
    {% if compare_filter %}where {{ compare_filter }}{% endif %}

)

select
    counted.row_count,
    compared.compare_count
from counted
cross join compared
where
    counted.row_count < {{ min_ratio }} * compared.compare_count
    or counted.row_count > {{ max_ratio }} * compared.compare_count

{% endtest %}
