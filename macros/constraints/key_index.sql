{#- The columns and constraints of a contracted table's DDL. On DuckDB a primary key is an ART index that must be
    built in memory ("ART indexes must currently be able to fit in memory during index creation",
    https://duckdb.org/docs/stable/sql/indexes): a table whose key index would not fit the build's memory_limit
    (profiles.yml) says so with `meta: {duckdb_primary_key_index: false}` and is created there without its
    model-level primary key; its PK data test (unique_combination_of_columns) checks the key on every engine
    and, the main job publishing only after every test passed, keeps a duplicate out of the warehouse.
    PostgreSQL (a disk-based B-tree) keeps the constraint; every other constraint is rendered as dbt does. -#}
{% macro duckdb__get_table_columns_and_constraints() -%}
    {%- if model.config.get('meta', {}).get('duckdb_primary_key_index', true) -%}
        {{ return(table_columns_and_constraints()) }}
    {%- endif -%}
    {%- set raw_column_constraints = adapter.render_raw_columns_constraints(raw_columns=model['columns']) -%}
    {%- set kept_model_constraints = model['constraints'] | rejectattr('type', 'equalto', 'primary_key') | list -%}
    {%- set raw_model_constraints = adapter.render_raw_model_constraints(raw_constraints=kept_model_constraints) -%}
    (
    {% for c in raw_column_constraints -%}
      {{ c }}{{ "," if not loop.last or raw_model_constraints }}
    {% endfor %}
    {% for c in raw_model_constraints -%}
        {{ c }}{{ "," if not loop.last }}
    {% endfor -%}
    )
{%- endmacro %}
