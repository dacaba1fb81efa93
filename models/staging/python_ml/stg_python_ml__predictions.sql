with

source as (

    select * from {{ source('python_ml', 'predictions') }}

),

renamed as (

    select
        {{ dbt.concat(["hardware_id", "':'", "benchmark_model", "':'", "scenario"]) }} as prediction_id,
        hardware_id,
        benchmark_model,
        scenario,
        units,
        predicted_per_accelerator,
        roofline_bound_per_accelerator,
        pi80_low,
        pi80_high,
        pi90_low,
        pi90_high,
        interval_class,
        is_anchored,
        accelerator_count,
        is_out_of_domain,
        out_of_domain_reason,
        model_version,
        cast(scored_at as {{ dbt.type_timestamp() }}) as scored_at,
        {{ dbt.concat(["'predicted:'", "model_version"]) }} as prediction_provenance

    from source

)

select * from renamed
