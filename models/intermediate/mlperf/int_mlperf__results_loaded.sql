{#- The MLPerf results as loaded, round by round: incremental, keyed by round. A build adds the rows of every
    round not yet in the table and never rewrites the rows of a round already loaded (loaded_at and
    loaded_by_invocation_id stay those of the run that loaded the round), so landing a new round file adds its
    rows and leaves the earlier rounds untouched. The main job's --full-refresh does not reload it
    (full_refresh=false); to reload every round (a corrected round file) run with
    --vars '{mlperf_reload_rounds: true}' --full-refresh. Only published values are kept here: what depends on
    the current reference data (hardware identity, unit judgements, the SKU a name resolves to) is joined in
    fct_mlperf_results. -#}
{{ config(
    materialized='incremental',
    unique_key='mlperf_result_id',
    on_schema_change='fail',
    full_refresh=var('mlperf_reload_rounds', false),
) }}

with

results as (

    select * from {{ ref('int_mlperf__results') }}

),

{% if is_incremental() %}
    loaded_rounds as (

        select distinct round from {{ this }}

    ),
{% endif %}

final as (

    select
        results.mlperf_result_id,
        results.round,
        results.round_order,
        results.source,
        results.source_file,
        results.source_line_number,
        results.source_location,
        results.public_id,
        results.organization,
        results.availability,
        results.category,
        results.system_name,
        results.host_processor,
        results.host_processor_core_count,
        results.accelerator_name,
        results.accelerators_per_node,
        results.node_count,
        results.total_accelerators,
        results.benchmark_model,
        results.benchmark_model_as_published,
        results.scenario,
        results.metric_kind,
        results.units,
        results.system_result,
        results.tokens_per_sample,
        results.is_inferred,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }}) as loaded_at,
        '{{ invocation_id }}' as loaded_by_invocation_id
    from results
    {% if is_incremental() %}
        where results.round not in (select loaded_rounds.round from loaded_rounds)
    {% endif %}

)

select * from final
