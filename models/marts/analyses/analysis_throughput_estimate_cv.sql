{#- Phase 2: the grouped cross-validated error (leave one architecture out) of python_ml's FP32 / FP16
    estimates, per quantity, method and (FP32) market segment, as evaluated by
    python_ml.imputation.fit_and_estimate. -#}

with

cv_metrics as (

    select * from {{ ref('stg_python_ml__throughput_estimate_cv') }}

),

-- a per-segment row's method is '<method>@<segment>' (python_ml.imputation: the error and interval of that
-- segment's estimates); 'all' is the method's row over every segment
split as (

    select
        *,
        case
            when {{ dbt.position("'@'", 'method') }} > 0
                then {{ dbt.split_part('method', "'@'", 1) }}
            else method
        end as base_method,
        case
            when {{ dbt.position("'@'", 'method') }} > 0
                then {{ dbt.split_part('method', "'@'", 2) }}
            else 'all'
        end as segment
    from cv_metrics

),

final as (

    select
        throughput_estimate_cv_id,
        quantity,
        base_method as method,
        segment,
        {{ dbt.concat(["'imputed:'", "base_method"]) }} as value_provenance,
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
        estimated_at
    from split

)

select * from final
