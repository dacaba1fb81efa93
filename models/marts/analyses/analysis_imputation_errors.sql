{#- Measured error of every rule-based imputation method (fct_imputation_method_errors): what an imputed
    value's expected_absolute_percentage_error means. The python_ml estimate's grouped cross-validated error
    is in analysis_throughput_estimate_cv (phase 2). -#}

with

method_errors as (

    select * from {{ ref('fct_imputation_method_errors') }}

),

priors as (

    select * from {{ ref('fct_imputation_ratio_priors') }}

),

preferred as (

    select
        quantity,
        method
    from priors
    where is_preferred_fallback

),

final as (

    select
        method_errors.method_error_id,
        method_errors.quantity,
        method_errors.method,
        {{ dbt.concat(["'imputed:'", "method_errors.method"]) }} as value_provenance,
        method_errors.evaluation,
        method_errors.evaluated_count,
        method_errors.median_absolute_percentage_error,
        method_errors.share_within_25_percent,
        method_errors.method like 'architecture_median%' or preferred.method is not null as is_used
    from method_errors
    left join preferred
        on
            method_errors.quantity = preferred.quantity
            and method_errors.method = preferred.method

)

select * from final
