{#- Engine-portable casts used by staging. Raw seeds land as text; staging is the one place that types them. -#}

{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'aihw')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}

{#- text -> double; blank text is null -#}
{% macro to_double(expression) -%}
    cast(nullif(trim({{ expression }}), '') as {{ aihw.type_double() }})
{%- endmacro %}

{#- text -> integer, through double so '8.0' and '8' both cast -#}
{% macro to_int(expression) -%}
    cast(cast(nullif(trim({{ expression }}), '') as {{ aihw.type_double() }}) as {{ dbt.type_int() }})
{%- endmacro %}

{#- trim, collapse inner whitespace (names with line breaks or double spaces), blank -> null -#}
{% macro clean_text(expression) -%}
    nullif(trim({{ aihw.regexp_replace_all(expression, '\\s+', ' ') }}), '')
{%- endmacro %}

{% macro regexp_replace_all(expression, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'aihw')(expression, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{% macro spark__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, '{{ pattern }}', '{{ replacement }}')
{%- endmacro %}

{#- ISO-8601 text with an offset ('2025-05-27 19:05:39+00:00') -> timestamp in UTC -#}
{% macro to_utc_timestamp(expression) -%}
    {{ return(adapter.dispatch('to_utc_timestamp', 'aihw')(expression)) }}
{%- endmacro %}

{% macro default__to_utc_timestamp(expression) -%}
    cast(cast(nullif(trim({{ expression }}), '') as timestamp with time zone) at time zone 'UTC' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro duckdb__to_utc_timestamp(expression) -%}
    cast(timezone('UTC', cast(nullif(trim({{ expression }}), '') as timestamptz)) as timestamp)
{%- endmacro %}

{#- calendar year of a date as a number -#}
{% macro extract_year(expression) -%}
    {{ return(adapter.dispatch('extract_year', 'aihw')(expression)) }}
{%- endmacro %}

{% macro default__extract_year(expression) -%}
    extract(year from {{ expression }})
{%- endmacro %}
