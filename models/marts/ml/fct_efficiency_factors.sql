{#- Efficiency factors of the current throughput model, for BI: how much more (> 1) or less (< 1) throughput a
    manufacturer's, architecture's or release year's accelerators deliver than their specs predict, partially
    pooled, with a 95 % band from the standard error on the log scale. Year factors with is_applied = false
    are estimated by the best configuration with a year term but not used by the predictions. -#}

with

bias_factors as (

    select * from {{ ref('stg_python_ml__bias_factors') }}

),

model_versions as (

    select * from {{ ref('dim_model_versions') }}

),

final as (

    select
        bias_factors.bias_factor_id,
        bias_factors.factor_level,
        bias_factors.factor_name,
        bias_factors.factor,
        exp(bias_factors.log_effect - 1.96 * bias_factors.log_effect_std_error) as factor_95_low,
        exp(bias_factors.log_effect + 1.96 * bias_factors.log_effect_std_error) as factor_95_high,
        bias_factors.log_effect,
        bias_factors.log_effect_std_error,
        bias_factors.hardware_count,
        bias_factors.is_applied,
        bias_factors.candidate,
        bias_factors.model_version,
        model_versions.trained_at
    from bias_factors
    inner join model_versions
        on bias_factors.model_version = model_versions.model_version

)

select * from final
