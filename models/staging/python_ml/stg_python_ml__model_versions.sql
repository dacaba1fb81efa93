with

source as (

    select * from {{ source('python_ml', 'model_versions') }}

),

renamed as (

    select
        model_version,
        model_name,
        cast(trained_at as {{ dbt.type_timestamp() }}) as trained_at,
        code_version,
        data_fingerprint,
        artifact_path,
        params_json,
        metrics_json

    from source

)

select * from renamed
