with

source as (

    select * from {{ ref('raw_passmark__gpu_benchmarks') }}

),

renamed as (

    select
        cast({{ adapter.quote('_row_number') }} as {{ dbt.type_int() }}) as source_row_number,
        cast({{ adapter.quote('_line_number') }} as {{ dbt.type_int() }}) as source_line_number,
        {{ clean_text(adapter.quote('gpuName')) }} as gpu_name,
        {{ to_double(adapter.quote('G3Dmark')) }} as g3d_mark,
        {{ to_double(adapter.quote('G2Dmark')) }} as g2d_mark,
        {{ to_double(adapter.quote('price')) }} as price_usd,
        {{ to_double(adapter.quote('gpuValue')) }} as g3d_per_usd,
        {{ to_double(adapter.quote('TDP')) }} as tdp_watts,
        {{ to_double(adapter.quote('powerPerformance')) }} as g3d_per_watt,
        {{ to_int(adapter.quote('testDate')) }} as test_year,
        {{ clean_text(adapter.quote('category')) }} as category_raw

    from source

)

select * from renamed
