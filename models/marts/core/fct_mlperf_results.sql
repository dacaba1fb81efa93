{#- MLPerf Inference v5.0 results, one row per published result. MLCommons publishes system results only;
    per_accelerator_result = system_result / (accelerators per node x nodes) is DERIVED here and is null
    when the row's unit is inconsistent for its benchmark and scenario or when the system has no
    accelerator (CPU-only submissions) or no result (staging NULLs a result outside its physical bounds and a
    duplicate copy's result: excluded:flagged_result, listed in fct_data_quality_flags). -#}

with

results as (

    select * from {{ ref('stg_mlperf__inference_results') }}

),

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

unit_checks as (

    select * from {{ ref('int_mlperf__unit_checks') }}

),

final as (

    select
        results.source_row_number as mlperf_result_id,
        results.public_id,
        results.organization,
        results.availability,
        results.system_name,
        results.host_processor,
        results.host_processor_core_count,
        crosswalk.hardware_key as hardware_id,
        results.accelerator_name as accelerator_name_as_published,
        results.accelerator_count as accelerators_per_node,
        results.node_count,
        results.accelerator_count * results.node_count as total_accelerators,
        results.benchmark_model,
        results.scenario,
        results.units,
        results.system_result,
        unit_checks.is_unit_consistent,
        case
            when unit_checks.is_unit_consistent and results.accelerator_count * results.node_count > 0
                then results.system_result / (results.accelerator_count * results.node_count)
        end as per_accelerator_result,
        case
            when not unit_checks.is_unit_consistent then 'excluded:inconsistent_units'
            when crosswalk.hardware_key is null then 'excluded:no_accelerator'
            when results.system_result is null then 'excluded:flagged_result'
            else 'derived:system_result/total_accelerators'
        end as per_accelerator_provenance
    from results
    inner join unit_checks
        on results.source_row_number = unit_checks.source_row_number
    left join crosswalk
        on
            crosswalk.source = 'mlperf'
            and results.source_row_number = crosswalk.source_row_number

)

select * from final
