{#- Training-set reconciliation: one row per MLPerf result (every round), saying whether it reached the contracted
    training set (ml_mlperf_training_rows) and, when it did not, why. Reaching the set is observed (the row is
    in ml_mlperf_training_rows), not re-derived, so the counts reconcile by construction; the reason is the
    first applicable cause below, and 'unexplained' means a row left the set for a cause this model does not
    know (a test fails on it). A latency (SingleStream/MultiStream) is never a training row; a result of a round
    the model does not train on (var mlperf_training_rounds) is not_a_training_round. A spec row renamed in ml_hardware.csv shows up here as no_spec_row. -#}

with

results as (

    select * from {{ ref('fct_mlperf_results') }}

),

features as (

    select * from {{ ref('ml_hardware_features') }}

),

training_rows as (

    select * from {{ ref('ml_mlperf_training_rows') }}

),

joined as (

    select
        results.mlperf_result_id,
        results.round,
        {{ aihw.is_training_round('results.round') }}
            as is_training_round,
        results.metric_kind,
        results.per_accelerator_provenance,
        results.accelerator_name_as_published,
        results.hardware_id,
        results.benchmark_model,
        results.scenario,
        results.total_accelerators,
        results.is_unit_consistent,
        results.system_result is null as is_flagged_result,
        features.hardware_id is not null as has_spec_row
    from results
    left join features
        on results.hardware_id = features.hardware_id

),

final as (

    select
        joined.mlperf_result_id,
        joined.round,
        joined.accelerator_name_as_published,
        joined.hardware_id,
        joined.benchmark_model,
        joined.scenario,
        training_rows.mlperf_result_id is not null as is_in_training_set,
        case
            when training_rows.mlperf_result_id is not null then null
            when joined.metric_kind = 'latency' then 'latency'
            when not joined.is_training_round then 'not_a_training_round'
            when joined.is_flagged_result then 'flagged_result'
            when not joined.is_unit_consistent then 'inconsistent_units'
            when joined.hardware_id is null then 'no_accelerator'
            when joined.per_accelerator_provenance = 'excluded:heterogeneous_system' then 'heterogeneous_system'
            when coalesce(joined.total_accelerators, 0) <= 0 then 'no_accelerator_count'
            when not joined.has_spec_row then 'no_spec_row'
            else 'unexplained'
        end as exclusion_reason
    from joined
    left join training_rows
        on joined.mlperf_result_id = training_rows.mlperf_result_id

)

select * from final
