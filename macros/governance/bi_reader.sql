{#- The read-only BI role (PostgreSQL). Its name comes from AIHW_PG_BI_ROLE (unset: no grants, for servers
    without such a role). dbt's `grants` config (dbt_project.yml, marts) gives it SELECT on every mart; this
    on-run-end hook adds the one thing `grants` cannot: USAGE on the marts schema. It never touches raw,
    reference, staging, intermediate or ml, so the role sees nothing there. Engines without roles: no-op. -#}
{% macro bi_reader_role() -%}
    {{ return(env_var('AIHW_PG_BI_ROLE', '')) }}
{%- endmacro %}

{% macro grant_bi_reader_usage(schemas) -%}
    {{ return(adapter.dispatch('grant_bi_reader_usage', 'aihw')(schemas)) }}
{%- endmacro %}

{% macro default__grant_bi_reader_usage(schemas) -%}
    select 1 as no_roles_on_this_engine
{%- endmacro %}

{% macro postgres__grant_bi_reader_usage(schemas) -%}
    {%- set role = aihw.bi_reader_role() -%}
    {%- set marts_schema = generate_schema_name('marts', none) -%}
    {%- if role and marts_schema in schemas -%}
    grant usage on schema {{ adapter.quote(marts_schema) }} to {{ adapter.quote(role) }}
    {%- else -%}
    select 1 as no_bi_reader_grant
    {%- endif -%}
{%- endmacro %}
