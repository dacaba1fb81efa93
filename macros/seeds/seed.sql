{#- Seeds without a Python copy of their rows where the engine reads the file itself (issue 15: at 100x the
    raw files, dbt's seed materialization held every seed's rows as agate objects until the end of the run,
    2.3 GB for `dbt seed` alone; the MLPerf rounds seed alone is 136 MB of CSV).

    dbt's own materialization (global_project seeds/seed.sql) reads the whole CSV into an agate table, uses it
    for the column names, the types it infers for columns without `column_types` and the row count, loads the
    rows (dbt-duckdb: `COPY ... FROM` the seed file, so the rows in Python are never used there; other engines:
    batched inserts from them) and keeps the table in the run result. This override is the same materialization
    with two changes:
    - where seed_header_natively() gives the file's header (DuckDB, and every column has a declared column type,
      e.g. the raw seeds, all varchar), that header stands in for the table: the same create table statement
      and the same `COPY` as before, the row count read back from the loaded table. Seeds with inferred
      types (the reference seeds) and every other engine keep dbt's agate table and loader, unchanged.
    - the run result keeps the column names only (`dbt seed --show` prints no rows), so a seed's rows are
      freed when it is loaded instead of at the end of the run, on every engine. -#}
{% materialization seed, default %}

    {%- set identifier = model['alias'] -%}
    {%- set full_refresh_mode = (should_full_refresh()) -%}

    {%- set old_relation = adapter.get_relation(database=database, schema=schema, identifier=identifier) -%}

    {%- set exists_as_table = (old_relation is not none and old_relation.is_table) -%}
    {%- set exists_as_view = (old_relation is not none and old_relation.is_view) -%}

    {%- set grant_config = config.get('grants') -%}
    {%- set header_table = aihw.seed_header_natively(model) -%}
    {%- set agate_table = header_table if header_table is not none else load_agate_table() -%}

    {%- do store_result('agate_table', response='OK', agate_table=agate_table.limit(0)) -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}

    -- `BEGIN` happens here:
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    -- build model
    {% set create_table_sql = "" %}
    {% if exists_as_view %}
        {{ exceptions.raise_compiler_error("Cannot seed to '{}', it is a view".format(old_relation.render())) }}
    {% elif exists_as_table %}
        {% set create_table_sql = reset_csv_table(model, full_refresh_mode, old_relation, agate_table) %}
    {% else %}
        {% set create_table_sql = create_csv_table(model, agate_table) %}
    {% endif %}

    {% set code = 'CREATE' if full_refresh_mode else 'INSERT' %}
    {% set sql = "" %}
    {% if header_table is not none %}
        {% set sql = load_csv_rows(model, agate_table) %}
        {% set rows_affected = run_query('select count(*) from ' ~ this.render()).columns[0].values()[0] %}
    {% else %}
        {% set rows_affected = (agate_table.rows | length) %}
        {% if rows_affected > 0 %}
            {% set sql = load_csv_rows(model, agate_table) %}
        {% endif %}
    {% endif %}

    {% call noop_statement('main', code ~ ' ' ~ rows_affected, code, rows_affected) %}
        {{ get_csv_sql(create_table_sql, sql) }};
    {% endcall %}

    {% set target_relation = this.incorporate(type='table') %}

    {% set should_revoke = should_revoke(old_relation, full_refresh_mode) %}
    {% do apply_grants(target_relation, grant_config, should_revoke=should_revoke) %}

    {% do persist_docs(target_relation, model) %}

    {% if full_refresh_mode or not exists_as_table %}
        {% do create_indexes(target_relation) %}
    {% endif %}

    {{ run_hooks(post_hooks, inside_transaction=True) }}

    -- `COMMIT` happens here
    {{ adapter.commit() }}

    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}


{#- The seed file's header as an agate table without rows, read by the engine itself, when the engine's own
    loader reads the file (so the rows never pass through Python) and every column has a declared type (so no
    type is inferred from the rows); none otherwise (dbt's agate table is loaded). -#}
{% macro seed_header_natively(model) -%}
    {{ return(adapter.dispatch('seed_header_natively', 'aihw')(model)) }}
{%- endmacro %}

{% macro default__seed_header_natively(model) -%}
    {{ return(none) }}
{%- endmacro %}

{% macro duckdb__seed_header_natively(model) -%}
    {%- set column_types = model['config'].get('column_types') or {} -%}
    {%- if not column_types or not config.get('fast', true) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set delimiter = config.get('delimiter', ',') -%}
    {%- set header = run_query(
        "select * from read_csv('" ~ adapter.get_seed_file_path(model) ~ "', header = true, all_varchar = true, delim = '"
        ~ delimiter ~ "') limit 0"
    ) -%}
    {%- if header.column_names | reject('in', column_types) | list -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(header) }}
{%- endmacro %}
