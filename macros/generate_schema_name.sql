{#- Use custom schema names as given (raw, reference, staging, intermediate, marts), not prefixed with the
    target schema: BI tools and python_ml then see the same schema names on every engine. The var
    schema_prefix (empty by default) prefixes them, so a test can build a second, throwaway set of schemas in
    the same database (tests/python/test_mlperf_rounds.py on PostgreSQL) and drop it afterwards. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ var('schema_prefix', '') ~ (custom_schema_name | trim) }}
    {%- endif -%}
{%- endmacro %}
