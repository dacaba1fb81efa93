{#- How good the current throughput model is, for BI: the validation metrics of the model version that wrote
    the predictions, per protocol (leave-one-accelerator-out, leave-one-architecture-out, temporal, and the
    per-manufacturer and per-support-class summaries) and method (the model and both baselines, measured on
    the same held-out rows). Errors are fractions (0.046 = 4.6 %). -#}

with

validation_metrics as (

    select * from {{ ref('stg_python_ml__validation_metrics') }}

),

model_versions as (

    select * from {{ ref('dim_model_versions') }}

),

final as (

    select
        validation_metrics.validation_metric_id,
        validation_metrics.protocol,
        validation_metrics.model_or_baseline,
        validation_metrics.evaluated_rows,
        validation_metrics.evaluated_accelerators,
        validation_metrics.unscorable_rows,
        validation_metrics.median_absolute_percentage_error,
        validation_metrics.median_absolute_percentage_error_per_accelerator,
        validation_metrics.geometric_mean_predicted_over_actual,
        validation_metrics.share_within_25_percent,
        validation_metrics.coverage_80,
        validation_metrics.coverage_90,
        validation_metrics.median_absolute_error_points,
        validation_metrics.median_absolute_error_points_per_accelerator,
        validation_metrics.model_version,
        model_versions.trained_at,
        model_versions.code_version,
        model_versions.data_fingerprint
    from validation_metrics
    inner join model_versions
        on validation_metrics.model_version = model_versions.model_version

)

select * from final
