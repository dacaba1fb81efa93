with

source as (

    select * from {{ source('python_ml', 'scaling_efficiency') }}

),

renamed as (

    select
        {{ dbt.concat(["interconnect_class", "':'", "cast(total_accelerators as " ~ dbt.type_string() ~ ")"]) }}
            as scaling_efficiency_id,
        interconnect_class,
        total_accelerators,
        slope_per_doubling,
        fitted_pairs,
        predicted_efficiency,
        model_version

    from source

)

select * from renamed
