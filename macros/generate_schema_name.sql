{#- Use custom schema names as given (raw, reference, staging, intermediate, marts), not prefixed with the
    target schema: BI tools and python_ml then see the same schema names on every engine. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
