{#- The MLPerf Inference round of a result, declared once for every answer mart: fct_mlperf_results' `round`
    ('v3.1' … 'v5.0'; `round_order` sorts them). Predictions are placed in the latest round. -#}
{% macro mlperf_round(relation_alias) -%}
    {{ relation_alias }}.round
{%- endmacro %}
