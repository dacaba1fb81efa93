with

passmark as (

    select * from {{ ref('stg_passmark__gpu_benchmarks') }}

),

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

final as (

    select
        passmark.source_row_number as passmark_result_id,
        crosswalk.hardware_key as hardware_id,
        passmark.gpu_name as name_as_published,
        passmark.g3d_mark,
        passmark.g2d_mark,
        passmark.test_year,
        passmark.tdp_watts,
        passmark.price_usd,
        passmark.g3d_per_usd as g3d_per_usd_published,
        passmark.g3d_per_watt as g3d_per_watt_published
    from passmark
    inner join crosswalk
        on
            crosswalk.source = 'passmark'
            and passmark.source_row_number = crosswalk.source_row_number

)

select * from final
