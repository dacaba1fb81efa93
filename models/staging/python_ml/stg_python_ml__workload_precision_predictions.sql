with

source as (

    select * from {{ source('python_ml', 'workload_precision_predictions') }}

),

renamed as (

    select
        {{ dbt.concat(["hardware_id", "':'", "benchmark_model", "':'", "scenario", "':'", "precision_id"]) }}
            as workload_prediction_id,
        hardware_id,
        benchmark_model,
        scenario,
        precision_id,
        precision_bits,
        units,
        is_submitted_precision,
        submitted_precision_bits,
        peak_tera_ops_per_s,
        compute_bound_per_accelerator,
        bandwidth_bound_per_accelerator,
        roofline_bound_per_accelerator,
        roofline_regime,
        precision_bound_ratio,
        predicted_efficiency,
        predicted_per_accelerator,
        pi80_low,
        pi80_high,
        pi90_low,
        pi90_high,
        interval_widening_log,
        accelerators,
        required_memory_gb,
        system_memory_gb,
        fits_in_memory,
        fits_on_one_accelerator,
        interval_class,
        is_out_of_domain,
        out_of_domain_reason,
        throughput_provenance,
        model_version,
        cast(scored_at as {{ dbt.type_timestamp() }}) as scored_at

    from source

)

select * from renamed
