with

source as (

    select * from {{ source('python_ml', 'latency_predictions') }}

),

renamed as (

    select
        {{ dbt.concat(["hardware_id", "':'", "benchmark_model", "':'", "scenario"]) }} as latency_prediction_id,
        hardware_id,
        benchmark_model,
        scenario,
        latency_bound_ms,
        predicted_latency_ms,
        pi80_low_ms,
        pi80_high_ms,
        pi90_low_ms,
        pi90_high_ms,
        is_seen_chip,
        is_out_of_domain,
        out_of_domain_reason,
        latency_provenance,
        model_version,
        cast(scored_at as {{ dbt.type_timestamp() }}) as scored_at

    from source

)

select * from renamed
