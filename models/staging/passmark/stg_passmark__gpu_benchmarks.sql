{#- typed numeric columns are NULL outside their physical bounds (seeds/reference/physical_bounds.csv) -#}
{%- set bounds = physical_bounds('passmark') -%}

with

source as (

    select * from {{ ref('raw_passmark__gpu_benchmarks') }}

),

renamed as (

    select
        cast({{ adapter.quote('_row_number') }} as {{ dbt.type_int() }}) as source_row_number,
        cast({{ adapter.quote('_line_number') }} as {{ dbt.type_int() }}) as source_line_number,
        {{ clean_text(adapter.quote('gpuName')) }} as gpu_name,
        {{ to_bounded_double(bounds, 'g3d_mark', adapter.quote('G3Dmark')) }} as g3d_mark,
        {{ to_bounded_double(bounds, 'g2d_mark', adapter.quote('G2Dmark')) }} as g2d_mark,
        {{ to_bounded_double(bounds, 'price_usd', adapter.quote('price')) }} as price_usd,
        {{ to_bounded_double(bounds, 'g3d_per_usd', adapter.quote('gpuValue')) }} as g3d_per_usd,
        {{ to_bounded_double(bounds, 'tdp_watts', adapter.quote('TDP')) }} as tdp_watts,
        {{ to_bounded_double(bounds, 'g3d_per_watt', adapter.quote('powerPerformance')) }} as g3d_per_watt,
        {{ to_bounded_int(bounds, 'test_year', adapter.quote('testDate')) }} as test_year,
        {{ clean_text(adapter.quote('category')) }} as category_raw

    from source

)

select * from renamed
