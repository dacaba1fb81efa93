{#- One row per hardware_key: its market segment (data_centre / workstation / desktop / mobile / integrated).
    A spec-sheet row marked igp = Yes makes it integrated; otherwise the hardware_segment_rules evaluated on
    every normalised name of the key decide (first rule by priority); otherwise data_centre for products only
    Epoch or MLPerf name (accelerators) and desktop for the rest. With the segment's plausible TDP range
    (spec_consistency_rules tdp_vs_segment), which bounds published and imputed TDPs alike. -#}

with

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

names as (

    select * from {{ ref('int_hardware__names_normalized') }}

),

gpu_specs as (

    select * from {{ ref('stg_gpu_specs__gpu_specs') }}

),

segment_rules as (

    select * from {{ ref('stg_reference__hardware_segment_rules') }}

),

tdp_bounds as (

    select * from {{ ref('stg_reference__spec_consistency_rules') }}
    where check_name = 'tdp_vs_segment'

),

key_names as (

    select distinct
        crosswalk.hardware_key,
        names.name_norm
    from crosswalk
    inner join names
        on crosswalk.name_id = names.name_id

),

name_rule_ids as (

    select
        hardware_key,
        {{ aihw.first_matching_rule('name_norm', ref('stg_reference__hardware_segment_rules')) }} as rule_id
    from key_names

),

rule_matches as (

    select
        name_rule_ids.hardware_key,
        segment_rules.rule_id,
        segment_rules.segment,
        row_number() over (
            partition by name_rule_ids.hardware_key
            order by segment_rules.priority, segment_rules.rule_id
        ) as rule_rank
    from name_rule_ids
    inner join segment_rules
        on name_rule_ids.rule_id = segment_rules.rule_id

),

key_sources as (

    select
        crosswalk.hardware_key,
        -- a GPU: benchmarked (PassMark, API scores) or on the GPU spec sheet
        max(case when crosswalk.source in ('passmark', 'gpu_api_scores', 'gpu_specs') then 1 else 0 end) = 1 as is_gpu,
        max(case when gpu_specs.is_integrated then 1 else 0 end) = 1 as is_integrated
    from crosswalk
    left join gpu_specs
        on
            crosswalk.source = 'gpu_specs'
            and crosswalk.source_row_number = gpu_specs.source_row_number
    group by crosswalk.hardware_key

),

segmented as (

    select
        key_sources.hardware_key,
        case
            when key_sources.is_integrated then 'integrated'
            when rule_matches.segment is not null then rule_matches.segment
            when key_sources.is_gpu then 'desktop'
            else 'data_centre'
        end as segment,
        case
            when key_sources.is_integrated then 'gpu_specs_igp'
            when rule_matches.rule_id is not null then rule_matches.rule_id
            else 'default'
        end as segment_decided_by
    from key_sources
    left join rule_matches
        on
            key_sources.hardware_key = rule_matches.hardware_key
            and rule_matches.rule_rank = 1

),

final as (

    select
        segmented.hardware_key,
        segmented.segment,
        segmented.segment_decided_by,
        tdp_bounds.min_value as tdp_min_watts,
        tdp_bounds.max_value as tdp_max_watts
    from segmented
    left join tdp_bounds
        on segmented.segment = tdp_bounds.segment

)

select * from final
