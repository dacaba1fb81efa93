{#- Hardware identity of the MLPerf results, per round: how many accelerator names each round publishes, how
    many resolve to a hardware row (all of them: tested), how many of those have a spec row the throughput
    model can use (ml_hardware_features), how many match another source, and how many results carry a
    per-accelerator figure. One row per round. -#}

with

results as (

    select * from {{ ref('fct_mlperf_results') }}

),

features as (

    select * from {{ ref('ml_hardware_features') }}

),

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

matched_keys as (

    select distinct hardware_key
    from crosswalk
    where is_matched_across_sources

),

named as (

    select
        results.round,
        results.round_order,
        results.accelerator_name_as_published,
        results.hardware_id,
        results.per_accelerator_result,
        features.hardware_id is not null as has_spec_row,
        matched_keys.hardware_key is not null as is_matched_across_sources
    from results
    left join features
        on results.hardware_id = features.hardware_id
    left join matched_keys
        on results.hardware_id = matched_keys.hardware_key

),

final as (

    select
        round,
        min(round_order) as round_order,
        count(*) as result_rows,
        count(accelerator_name_as_published) as accelerator_rows,
        count(distinct accelerator_name_as_published) as accelerator_names,
        count(distinct case when hardware_id is not null then accelerator_name_as_published end)
            as resolved_accelerator_names,
        count(distinct hardware_id) as hardware_ids,
        count(distinct case when has_spec_row then hardware_id end) as hardware_ids_with_specs,
        count(distinct case when is_matched_across_sources then hardware_id end) as hardware_ids_matched_across_sources,
        count(case when has_spec_row then 1 end) as rows_on_hardware_with_specs,
        count(per_accelerator_result) as rows_with_per_accelerator_result
    from named
    group by round

)

select * from final
