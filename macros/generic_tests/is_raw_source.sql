{#- Fails on rows whose column is not the name of a raw source (raw_sources(): the registry in
    seeds/raw/_raw__seeds.yml), so no yml repeats the list of sources. Nulls pass (test not_null apart). -#}
{% test is_raw_source(model, column_name) %}

select {{ column_name }}
from {{ model }}
where
    {{ column_name }} not in (
        {%- for source in raw_sources() %}'{{ source.source }}'{% if not loop.last %}, {% endif %}{% endfor -%}
    )

{% endtest %}
