{#- Predicted throughput per hardware x MLPerf workload x precision the chip has (issue 17, item 2): the roofline
    at that precision x the throughput model's learned efficiency (python_ml.modeling.workload_precision), with
    80 / 90 % intervals carried from the model and widened away from the submitted precision, the memory fit at
    that precision (no throughput where the workload does not fit) and the provenance of every number. -#}
{%- set accelerators_text = 'cast(cast(predictions.accelerators as ' ~ dbt.type_int() ~ ') as '
    ~ dbt.type_string() ~ ')' -%}

with

predictions as (

    select * from {{ ref('stg_python_ml__workload_precision_predictions') }}

),

workload_benchmarks as (

    select * from {{ ref('stg_reference__workload_benchmarks') }}

),

final as (

    select
        predictions.workload_prediction_id,
        predictions.hardware_id,
        predictions.benchmark_model,
        workload_benchmarks.workload_id,
        predictions.scenario,
        predictions.precision_id,
        predictions.precision_bits,
        predictions.is_submitted_precision,
        predictions.submitted_precision_bits,
        predictions.units,
        predictions.peak_tera_ops_per_s,
        predictions.compute_bound_per_accelerator,
        predictions.bandwidth_bound_per_accelerator,
        predictions.roofline_bound_per_accelerator,
        predictions.roofline_regime,
        predictions.precision_bound_ratio,
        predictions.predicted_efficiency,
        predictions.predicted_per_accelerator,
        predictions.pi80_low,
        predictions.pi80_high,
        predictions.pi90_low,
        predictions.pi90_high,
        predictions.interval_widening_log,
        predictions.accelerators,
        predictions.required_memory_gb,
        predictions.system_memory_gb,
        predictions.fits_in_memory,
        predictions.fits_on_one_accelerator,
        case
            when predictions.fits_on_one_accelerator then 'fits on 1'
            when predictions.fits_in_memory then {{ dbt.concat(["'fits on '", accelerators_text]) }}
            else {{ dbt.concat(["'does not fit on '", accelerators_text]) }}
        end as fit_status,
        predictions.interval_class,
        predictions.is_out_of_domain,
        predictions.out_of_domain_reason,
        predictions.throughput_provenance,
        predictions.model_version,
        predictions.scored_at
    from predictions
    left join workload_benchmarks
        on predictions.benchmark_model = workload_benchmarks.benchmark_model

)

select * from final
