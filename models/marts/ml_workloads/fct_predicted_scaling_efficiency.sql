{#- The multi-accelerator scaling model (python_ml.modeling.scaling_model) as a table: predicted per-card efficiency
    of an n-card system relative to one card, per interconnect class (not_given: every class pooled), with the
    slope per doubling and the measured pairs behind it; its forward-by-round errors are in fct_model_validation
    (protocols scaling_forward_by_round*). -#}

with

scaling_efficiency as (

    select * from {{ ref('stg_python_ml__scaling_efficiency') }}

),

final as (

    select
        scaling_efficiency_id,
        interconnect_class,
        total_accelerators,
        slope_per_doubling,
        fitted_pairs,
        predicted_efficiency,
        {{ dbt.concat(["'predicted:'", "model_version"]) }} as efficiency_provenance,
        model_version
    from scaling_efficiency

)

select * from final
