{#- MLPerf Inference results of every round (v5.0's results table and the round files), one row per published
    result, keyed by mlperf_result_id (round, source location, benchmark as published, scenario). The rows come
    from int_mlperf__results_loaded, which loads each round once (loaded_at / loaded_by_invocation_id say
    when); the hardware identity and the unit judgement are today's. MLCommons publishes system results only:
    per_accelerator_result = system_result / total_accelerators is DERIVED here (x tokens_per_sample where the
    units check converts a token benchmark's samples/s exactly: per_accelerator_units), for throughputs only
    (metric_kind = 'throughput'; a SingleStream/MultiStream latency is never divided), and is null when the
    row's unit is inconsistent for its round, benchmark and scenario, when the system has no accelerator
    (CPU-only submissions) or no result (staging NULLs a result outside its physical bounds and a duplicate
    copy's result: excluded:flagged_result, listed in fct_data_quality_flags). -#}

with

results as (

    select * from {{ ref('int_mlperf__results_loaded') }}

),

-- today's conformed results: the name each result's accelerator resolves to (mlperf_accelerator_variants)
current_results as (

    select * from {{ ref('int_mlperf__results') }}

),

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

unit_checks as (

    select * from {{ ref('int_mlperf__unit_checks') }}

),

-- the identity of a published accelerator name (the crosswalk resolves names, one key per source and name)
accelerator_identity as (

    select distinct
        source,
        name_as_published,
        hardware_key
    from crosswalk
    where source in ('mlperf', 'mlperf_rounds')

),

final as (

    select
        results.mlperf_result_id,
        results.round,
        results.round_order,
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
        accelerator_identity.hardware_key as hardware_id,
        results.accelerator_name as accelerator_name_as_published,
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
        unit_checks.is_unit_consistent,
        case
            when
                results.metric_kind = 'throughput'
                and unit_checks.is_unit_consistent
                and results.total_accelerators > 0
                and not coalesce({{ aihw.mlperf_is_heterogeneous('results.accelerator_name') }}, false)
                then
                    results.system_result / results.total_accelerators
                    * case when unit_checks.is_converted_to_tokens then results.tokens_per_sample else 1 end
        end as per_accelerator_result,
        case
            when results.metric_kind = 'throughput' and unit_checks.is_converted_to_tokens then 'Tokens/s'
            when results.metric_kind = 'throughput' then results.units
        end as per_accelerator_units,
        case
            when results.metric_kind = 'latency' then 'excluded:latency'
            when not unit_checks.is_unit_consistent then 'excluded:inconsistent_units'
            when accelerator_identity.hardware_key is null then 'excluded:no_accelerator'
            when {{ aihw.mlperf_is_heterogeneous('results.accelerator_name') }} then 'excluded:heterogeneous_system'
            when results.system_result is null then 'excluded:flagged_result'
            when coalesce(results.total_accelerators, 0) <= 0 then 'excluded:no_accelerator_count'
            when unit_checks.is_converted_to_tokens then 'derived:system_result*tokens_per_sample/total_accelerators'
            else 'derived:system_result/total_accelerators'
        end as per_accelerator_provenance,
        results.loaded_at,
        results.loaded_by_invocation_id
    from results
    inner join unit_checks
        on results.mlperf_result_id = unit_checks.mlperf_result_id
    left join current_results
        on results.mlperf_result_id = current_results.mlperf_result_id
    left join accelerator_identity
        on
            results.source = accelerator_identity.source
            and coalesce(current_results.accelerator_name_resolved, results.accelerator_name)
            = accelerator_identity.name_as_published

)

select * from final
