{#- Cross-source matching summary: one row per unordered pair of sources. Matching uses
    physical_hardware_key, so a vGPU profile counts as a match of its physical GPU. -#}

with

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

sources as (

    select distinct source from crosswalk

),

source_pairs as (

    select
        source_a.source as source_a,
        source_b.source as source_b
    from sources as source_a
    cross join sources as source_b
    where source_a.source < source_b.source

),

keys_per_source as (

    select distinct
        source,
        physical_hardware_key
    from crosswalk

),

rows_per_source as (

    select
        source,
        physical_hardware_key,
        count(*) as row_count,
        count(distinct name_as_published) as name_count
    from crosswalk
    group by source, physical_hardware_key

),

pair_keys as (

    select
        source_pairs.source_a,
        source_pairs.source_b,
        keys_a.physical_hardware_key
    from source_pairs
    inner join keys_per_source as keys_a
        on source_pairs.source_a = keys_a.source
    inner join keys_per_source as keys_b
        on source_pairs.source_b = keys_b.source
            and keys_a.physical_hardware_key = keys_b.physical_hardware_key

),

pair_counts as (

    select
        pair_keys.source_a,
        pair_keys.source_b,
        count(*) as shared_hardware_keys,
        sum(rows_a.row_count) as source_a_rows_matched,
        sum(rows_b.row_count) as source_b_rows_matched,
        sum(rows_a.name_count) as source_a_names_matched,
        sum(rows_b.name_count) as source_b_names_matched
    from pair_keys
    inner join rows_per_source as rows_a
        on pair_keys.source_a = rows_a.source
            and pair_keys.physical_hardware_key = rows_a.physical_hardware_key
    inner join rows_per_source as rows_b
        on pair_keys.source_b = rows_b.source
            and pair_keys.physical_hardware_key = rows_b.physical_hardware_key
    group by pair_keys.source_a, pair_keys.source_b

),

source_totals as (

    select
        source,
        count(*) as total_rows
    from crosswalk
    group by source

),

final as (

    select
        {{ dbt.concat(['source_pairs.source_a', "'__'", 'source_pairs.source_b']) }} as source_pair,
        source_pairs.source_a,
        source_pairs.source_b,
        coalesce(pair_counts.shared_hardware_keys, 0) as shared_hardware_keys,
        coalesce(pair_counts.source_a_rows_matched, 0) as source_a_rows_matched,
        totals_a.total_rows as source_a_total_rows,
        coalesce(pair_counts.source_b_rows_matched, 0) as source_b_rows_matched,
        totals_b.total_rows as source_b_total_rows,
        coalesce(pair_counts.source_a_names_matched, 0) as source_a_names_matched,
        coalesce(pair_counts.source_b_names_matched, 0) as source_b_names_matched
    from source_pairs
    left join pair_counts
        on source_pairs.source_a = pair_counts.source_a
            and source_pairs.source_b = pair_counts.source_b
    inner join source_totals as totals_a
        on source_pairs.source_a = totals_a.source
    inner join source_totals as totals_b
        on source_pairs.source_b = totals_b.source

)

select * from final
