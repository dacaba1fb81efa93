{#- dbt's batched-insert seed loader (global_project seeds/helpers.sql, default__load_csv_rows) with its SQL built
    without a macro call per cell: dbt's renders one `get_binding_char()` (a dispatched macro) for every value of
    every row, and on PostgreSQL that rendering, not the inserts, was most of a raw seed's load (the MLPerf rounds
    seed: ~100,000 values, 4.6 s). Here one row's placeholders are rendered once and repeated per row of a batch;
    the statements, their bindings and the batches are dbt's (the same rows reach the table in the same order).
    PostgreSQL only: dbt-duckdb loads seeds with its own `COPY` (macros/seeds/seed.sql), and a root-project
    `default__` would take precedence over it. -#}
{% macro postgres__load_csv_rows(model, agate_table) %}

    {%- set batch_size = get_batch_size() -%}
    {%- set cols_sql = get_seed_column_quoted_csv(model, agate_table.column_names) -%}
    {%- set row_placeholders = '(' ~ ([get_binding_char()] * (agate_table.column_names | length)) | join(', ') ~ ')' -%}
    {%- set statements = [] -%}

    {%- for chunk in agate_table.rows | batch(batch_size) -%}
        {%- set bindings = [] -%}
        {%- for row in chunk -%}
            {%- do bindings.extend(row) -%}
        {%- endfor -%}
        {%- set sql = 'insert into ' ~ this.render() ~ ' (' ~ cols_sql ~ ') values '
            ~ ([row_placeholders] * (chunk | length)) | join(', ') -%}
        {%- do adapter.add_query(sql, bindings=bindings, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}

    {#- the first statement is rendered into the compiled files, as dbt's does -#}
    {{ return(statements[0]) }}

{% endmacro %}
