with

source as (

    select * from {{ ref('raw_landing__manifest') }}

),

renamed as (

    select
        seed_name,
        file_name,
        cast(data_rows as {{ dbt.type_int() }}) as file_data_rows,
        cast({{ adapter.quote('columns') }} as {{ dbt.type_int() }}) as file_columns,
        sha256 as file_sha256

    from source

)

select * from renamed
