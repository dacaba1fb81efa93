{#- Quarantine list: raw rows that are valid but suspect. They stay in the warehouse (nothing is dropped);
    this model says which row, which column and why, so every use can exclude or inspect them.
    Each source's checks are declared once, in its macro raw_source__<source>() (macros/sources/): the raw
    column, the check's name, the reason and the condition on the source's staging view, where
    duplicate_rows counts the rows sharing the source's duplicate_key. -#}
{%- set sources = raw_sources() -%}
{%- set checks = [] -%}
{%- for source in sources -%}
    {%- for check in source.checks -%}
        {%- do checks.append((source, check)) -%}
    {%- endfor -%}
{%- endfor -%}

with

{% for source in sources %}
    {{ source.source }} as (

        select
            *,
            count(*) over (partition by {{ source.duplicate_key | join(', ') }}) as duplicate_rows
        from {{ ref(source.staging_model) }}

    ),
{% endfor %}

flags as (

    {% for source, check in checks %}
        select
            '{{ source.seed }}' as seed_name,
            source_row_number,
            source_line_number,
            '{{ check.column_name }}' as column_name,
            '{{ check.check_name }}' as check_name,
            '{{ check.reason }}' as reason
        from {{ source.source }}
        where {{ check.condition }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

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
        reason
    from flags

)

select * from final
