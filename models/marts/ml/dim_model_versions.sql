{#- The model registry for BI: one row per training run, newest flagged. Parameters and metrics stay JSON
    text (params_json, metrics_json); the current run's metrics are tabular in fct_model_validation. -#}

with

model_versions as (

    select * from {{ ref('stg_python_ml__model_versions') }}

),

final as (

    select
        model_version,
        model_name,
        trained_at,
        code_version,
        data_fingerprint,
        artifact_path,
        trained_at = max(trained_at) over (partition by model_name) as is_latest,
        params_json,
        metrics_json
    from model_versions

)

select * from final
