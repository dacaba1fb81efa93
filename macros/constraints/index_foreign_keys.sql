{#- Post-hook for contracted marts: on PostgreSQL, an index on every foreign-key column declared in the
    model's contract (Postgres does not index referencing columns by itself). DuckDB builds ART indexes for
    its key constraints already, so elsewhere this is a no-op. -#}
{% macro index_foreign_keys() -%}
    {{ return(adapter.dispatch('index_foreign_keys', 'aihw')()) }}
{%- endmacro %}

{% macro default__index_foreign_keys() -%}
    select 1 as no_index_needed
{%- endmacro %}

{% macro postgres__index_foreign_keys() -%}
    {%- set fk_columns = [] -%}
    {%- for constraint in model.constraints if constraint.type == 'foreign_key' -%}
        {%- for column_name in constraint.columns -%}{%- do fk_columns.append(column_name) -%}{%- endfor -%}
    {%- endfor -%}
    {%- for column_name, column in model.columns.items() -%}
        {%- for constraint in column.constraints if constraint.type == 'foreign_key' -%}
            {%- do fk_columns.append(column_name) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if fk_columns | length == 0 -%}
        select 1 as no_foreign_keys
    {%- else -%}
        {%- for column_name in fk_columns | unique %}
    create index if not exists {{ adapter.quote((this.identifier ~ '__' ~ column_name)[:55] ~ '__idx') }}
        on {{ this }} ({{ adapter.quote(column_name) }});
        {%- endfor %}
    {%- endif -%}
{%- endmacro %}
