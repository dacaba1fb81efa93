{#- Quarantine list: raw rows that are valid but suspect. They stay in the warehouse (nothing is dropped);
    this model says which row, which column and why, so every use can exclude or inspect them.
    Two kinds of flags, each declared once:
    - each source's checks, in its macro raw_source__<source>() (macros/sources/): the raw column, the check's
      name, the reason and the condition on the source's staging view, where duplicate_rows counts the rows
      sharing the source's duplicate_key;
    - each physical bound (seeds/reference/physical_bounds.csv): staging has already turned the value into
      NULL, so a value is listed here (check implausible_<column>, with its raw text) when the staging column
      is NULL although the raw file has text - except on duplicate copies of a counted_once column, which
      staging nulls for being a copy (flagged by the duplicate check). -#}
{%- set sources = raw_sources() -%}
{%- set checks = [] -%}
{%- set bound_rules = [] -%}
{%- for source in sources -%}
    {%- for check in source.checks -%}
        {%- do checks.append((source, check)) -%}
    {%- endfor -%}
    {%- for rule in physical_bounds(source.source, check_coverage=false) -%}
        {%- do bound_rules.append((source, rule)) -%}
    {%- endfor -%}
{%- endfor -%}

with

{% for source in sources %}
    {{ source.source }}_raw as (

        select * from {{ ref(source.seed) }}

    ),

    {{ source.source }} as (

        select
            *,
            count(*) over (partition by {{ source.duplicate_key | join(', ') }}) as duplicate_rows,
            row_number() over (partition by {{ source.duplicate_key | join(', ') }} order by source_row_number)
                as duplicate_rank
        from {{ ref(source.staging_model) }}

    ),
{% endfor %}

check_flags as (

    {% for source, check in checks %}
        select
            '{{ source.seed }}' as seed_name,
            source_row_number,
            source_line_number,
            '{{ check.column_name }}' as column_name,
            '{{ check.check_name }}' as check_name,
            '{{ check.reason }}' as reason,
            cast(null as {{ dbt.type_string() }}) as raw_value
        from {{ source.source }}
        where {{ check.condition }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

bound_flags as (

    {% for source, rule in bound_rules %}
        {%- set raw_column = source.source ~ '_raw.' ~ adapter.quote(rule.raw_column) %}
        select
            '{{ source.seed }}' as seed_name,
            {{ source.source }}.source_row_number,
            {{ source.source }}.source_line_number,
            '{{ rule.raw_column }}' as column_name,
            'implausible_{{ rule.column_name }}' as check_name,
            '{{ rule.reason | replace("'", "''") }}' as reason,
            cast({{ raw_column }} as {{ dbt.type_string() }}) as raw_value
        from {{ source.source }}
        inner join {{ source.source }}_raw
            on {{ source.source }}.source_row_number = cast({{ source.source }}_raw._row_number as {{ dbt.type_int() }})
        where
            {{ source.source }}.{{ rule.column_name }} is null
            and nullif(trim({{ raw_column }}), '') is not null
            {% if rule.column_name in source.counted_once_columns %}
                and {{ source.source }}.duplicate_rank = 1
            {% endif %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
    {% if not bound_rules %}
        -- dbt is parsing (no rules read yet): an empty relation of the same shape
        select * from check_flags where 1 = 0
    {% endif %}

),

flags as (

    select * from check_flags
    union all
    select * from bound_flags

),

final as (

    select
        {{ dbt.concat(["seed_name", "':'", "cast(source_row_number as " ~ dbt.type_string() ~ ")", "':'", "check_name"]) }}
            as data_quality_flag_id,
        seed_name,
        source_row_number,
        source_line_number,
        column_name,
        check_name,
        reason,
        raw_value
    from flags

)

select * from final
