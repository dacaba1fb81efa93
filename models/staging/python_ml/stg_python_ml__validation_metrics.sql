with

source as (

    select * from {{ source('python_ml', 'validation_metrics') }}

),

renamed as (

    select
        {{ dbt.concat(["protocol", "':'", "model_or_baseline"]) }} as validation_metric_id,
        protocol,
        model_or_baseline,
        n as evaluated_rows,
        n_groups as evaluated_accelerators,
        n_unscorable as unscorable_rows,
        median_ape as median_absolute_percentage_error,
        median_ape_per_accelerator as median_absolute_percentage_error_per_accelerator,
        gmean_ratio as geometric_mean_predicted_over_actual,
        share_within_25pct as share_within_25_percent,
        coverage_80,
        coverage_90,
        median_abs_error_points as median_absolute_error_points,
        median_abs_error_points_per_accelerator as median_absolute_error_points_per_accelerator,
        model_version

    from source

)

select * from renamed
