with

source as (

    select * from {{ source('python_ml', 'bias_factors') }}

),

renamed as (

    select
        {{ dbt.concat([adapter.quote('level'), "':'", adapter.quote('name'), "':'", "candidate"]) }} as bias_factor_id,
        {{ adapter.quote('level') }} as factor_level,
        {{ adapter.quote('name') }} as factor_name,
        factor,
        log_effect,
        std_error as log_effect_std_error,
        n_hardware as hardware_count,
        is_applied,
        candidate,
        model_version

    from source

)

select * from renamed
