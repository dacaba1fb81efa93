{#- Phase 2: the grouped cross-validated error (leave one architecture out) of python_ml's FP32 / FP16
    estimates, per quantity and method, as evaluated by python_ml.imputation.fit_and_estimate. -#}

with

cv_metrics as (

    select * from {{ ref('stg_python_ml__throughput_estimate_cv') }}

),

final as (

    select
        throughput_estimate_cv_id,
        quantity,
        method,
        {{ dbt.concat(["'imputed:'", "method"]) }} as value_provenance,
        cv_scheme,
        evaluated_count,
        group_count,
        median_absolute_percentage_error,
        share_within_25_percent,
        p90_absolute_percentage_error,
        log10_error_p10,
        log10_error_p90,
        is_used,
        features,
        estimated_at
    from cv_metrics

)

select * from final
