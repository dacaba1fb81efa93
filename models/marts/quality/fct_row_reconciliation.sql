{#- Nothing lost: every raw file's row count against the rows its staging view holds. Rows are never
    dropped in staging (suspect rows are flagged in fct_data_quality_flags), so the two must be equal. -#}
{%- set sources = raw_sources() -%}

with

manifest as (

    select * from {{ ref('stg_landing__manifest') }}

),

staged_counts as (

    {% for source in sources %}
        select
            '{{ source.seed }}' as seed_name,
            '{{ source.staging_model }}' as staging_model,
            {{ 'true' if source.name_column else 'false' }} as joins_identity,
            count(*) as staged_rows
        from {{ ref(source.staging_model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

-- hardware identity: every raw row is in the crosswalk (matched, or unmatched with a reason in
-- int_hardware__unmatched), except CPU-only MLPerf rows, which are quarantined as no_accelerator
identity_counts as (

    select
        case source
            {% for source in sources %}
                when '{{ source.source }}' then '{{ source.seed }}'
            {% endfor %}
        end as seed_name,
        count(*) as identity_rows
    from {{ ref('int_hardware__crosswalk') }}
    group by source

),

no_accelerator_counts as (

    select
        seed_name,
        count(*) as no_accelerator_rows
    from {{ ref('fct_data_quality_flags') }}
    where check_name = 'no_accelerator'
    group by seed_name

),

flag_counts as (

    select
        seed_name,
        count(distinct source_row_number) as flagged_rows
    from {{ ref('fct_data_quality_flags') }}
    group by seed_name

),

final as (

    select
        manifest.seed_name,
        manifest.file_name,
        staged_counts.staging_model,
        manifest.file_data_rows,
        staged_counts.staged_rows,
        coalesce(flag_counts.flagged_rows, 0) as flagged_rows,
        coalesce(identity_counts.identity_rows, 0) as identity_rows,
        coalesce(no_accelerator_counts.no_accelerator_rows, 0) as no_accelerator_rows,
        staged_counts.joins_identity,
        manifest.file_data_rows = staged_counts.staged_rows as is_reconciled,
        case
            when staged_counts.joins_identity
                then
                    manifest.file_data_rows
                    = coalesce(identity_counts.identity_rows, 0)
                    + coalesce(no_accelerator_counts.no_accelerator_rows, 0)
        end as is_identity_reconciled

    from manifest
    inner join staged_counts
        on manifest.seed_name = staged_counts.seed_name
    left join flag_counts
        on manifest.seed_name = flag_counts.seed_name
    left join identity_counts
        on manifest.seed_name = identity_counts.seed_name
    left join no_accelerator_counts
        on manifest.seed_name = no_accelerator_counts.seed_name

)

select * from final
