with

source as (

    select * from {{ source('python_ml', 'throughput_estimate_cv') }}

),

renamed as (

    select
        throughput_estimate_cv_id,
        quantity,
        method,
        cv_scheme,
        evaluated_count,
        group_count,
        median_absolute_percentage_error,
        share_within_25_percent,
        p90_absolute_percentage_error,
        log10_error_p10,
        log10_error_p90,
        coverage_80_uncorrected,
        conformal_log10_margin,
        coverage_80,
        is_used,
        features,
        cast(estimated_at as {{ dbt.type_timestamp() }}) as estimated_at,
        model_version

    from source

)

select * from renamed
