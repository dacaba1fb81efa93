with

source as (

    select * from {{ source('python_ml', 'throughput_estimates') }}

),

renamed as (

    select
        throughput_estimate_id,
        hardware_id,
        quantity,
        estimated_value,
        method,
        value_provenance,
        expected_absolute_percentage_error,
        interval_80_low,
        interval_80_high,
        score_count,
        is_out_of_domain,
        training_count,
        cast(estimated_at as {{ dbt.type_timestamp() }}) as estimated_at,
        model_version

    from source

)

select * from renamed
