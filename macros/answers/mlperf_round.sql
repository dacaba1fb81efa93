{#- The MLPerf Inference round of a result, declared once for every answer mart. fct_mlperf_results holds one
    round today (v5.0) and has no round column yet: when it gets one, return `relation_alias ~ '.mlperf_round'`
    (or its name) here and every answer mart follows. Predictions are placed in the latest round. -#}
{% macro mlperf_round(relation_alias) -%}
    cast('v5.0' as {{ dbt.type_string() }})
{%- endmacro %}
