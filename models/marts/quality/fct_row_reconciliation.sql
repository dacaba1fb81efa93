{#- Nothing lost: every raw file's row count against the rows its staging view holds. Rows are never
    dropped in staging (suspect rows are flagged in fct_data_quality_flags), so the two must be equal. One row
    per landed file: a multi-file source (a glob raw_file, e.g. the MLPerf rounds) names each row's file in
    its declared file_column, so each of its files is reconciled on its own. -#}
{%- set sources = raw_sources() -%}

with

manifest as (

    select * from {{ ref('stg_landing__manifest') }}

),

flags as (

    select * from {{ ref('fct_data_quality_flags') }}

),

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

-- every staged row with the file it came from
staged_rows as (

    {% for source in sources %}
        select
            '{{ source.seed }}' as seed_name,
            '{{ source.source }}' as source,
            '{{ source.staging_model }}' as staging_model,
            {{ 'true' if source.name_column else 'false' }} as joins_identity,
            {{ source.file_column or "'" ~ source.raw_file ~ "'" }} as file_name,
            source_row_number
        from {{ ref(source.staging_model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

flagged as (

    select distinct
        seed_name,
        source_row_number
    from flags

),

-- hardware identity: every raw row is in the crosswalk (matched, or unmatched with a reason in
-- int_hardware__unmatched), except CPU-only MLPerf rows, which are quarantined as no_accelerator
no_accelerator as (

    select distinct
        seed_name,
        source_row_number
    from flags
    where check_name = 'no_accelerator'

),

in_identity as (

    select distinct
        source,
        source_row_number
    from crosswalk

),

staged_counts as (

    select
        staged_rows.seed_name,
        staged_rows.file_name,
        staged_rows.staging_model,
        staged_rows.joins_identity,
        count(*) as staged_rows,
        count(flagged.source_row_number) as flagged_rows,
        count(in_identity.source_row_number) as identity_rows,
        count(no_accelerator.source_row_number) as no_accelerator_rows
    from staged_rows
    left join flagged
        on
            staged_rows.seed_name = flagged.seed_name
            and staged_rows.source_row_number = flagged.source_row_number
    left join in_identity
        on
            staged_rows.source = in_identity.source
            and staged_rows.source_row_number = in_identity.source_row_number
    left join no_accelerator
        on
            staged_rows.seed_name = no_accelerator.seed_name
            and staged_rows.source_row_number = no_accelerator.source_row_number
    group by staged_rows.seed_name, staged_rows.file_name, staged_rows.staging_model, staged_rows.joins_identity

),

final as (

    select
        manifest.file_name,
        manifest.seed_name,
        staged_counts.staging_model,
        manifest.file_data_rows,
        coalesce(staged_counts.staged_rows, 0) as staged_rows,
        coalesce(staged_counts.flagged_rows, 0) as flagged_rows,
        coalesce(staged_counts.identity_rows, 0) as identity_rows,
        coalesce(staged_counts.no_accelerator_rows, 0) as no_accelerator_rows,
        coalesce(staged_counts.joins_identity, false) as joins_identity,
        manifest.file_data_rows = coalesce(staged_counts.staged_rows, 0) as is_reconciled,
        case
            when staged_counts.joins_identity
                then manifest.file_data_rows = staged_counts.identity_rows + staged_counts.no_accelerator_rows
        end as is_identity_reconciled

    from manifest
    left join staged_counts
        on
            manifest.seed_name = staged_counts.seed_name
            and manifest.file_name = staged_counts.file_name

)

select * from final
