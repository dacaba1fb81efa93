{#- A date as a decimal year (2020-07-02 -> 2020.5), for trend fits: calendar year + days since 1 January
    / 365.25. year_start is the date truncated to its year (dim_hardware.release_year_start). -#}
{% macro decimal_year(date_expression, year_start_expression) -%}
    (cast({{ aihw.extract_year(date_expression) }} as {{ aihw.type_double() }})
    + {{ aihw.days_between(year_start_expression, date_expression) }} / 365.25)
{%- endmacro %}

{#- whole days from start_date to end_date (dates) -#}
{% macro days_between(start_date, end_date) -%}
    {{ return(adapter.dispatch('days_between', 'aihw')(start_date, end_date)) }}
{%- endmacro %}

{#- date - date is an integer number of days on PostgreSQL, DuckDB and Trino -#}
{% macro default__days_between(start_date, end_date) -%}
    ({{ end_date }} - {{ start_date }})
{%- endmacro %}

{% macro spark__days_between(start_date, end_date) -%}
    datediff({{ end_date }}, {{ start_date }})
{%- endmacro %}
