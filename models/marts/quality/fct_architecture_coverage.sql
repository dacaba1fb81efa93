{#- Architecture inference coverage: share of source rows whose hardware has an architecture, per source and
    manufacturer, plus one row per source for NVIDIA, AMD and Intel together (the issue's goal: >= 95%). -#}

with

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

identities as (

    select * from {{ ref('int_hardware__architecture_inferred') }}

),

source_rows as (

    select
        crosswalk.source,
        identities.manufacturer_name,
        identities.architecture_name is not null as has_architecture
    from crosswalk
    inner join identities
        on crosswalk.hardware_key = identities.hardware_key

),

by_manufacturer as (

    select
        source,
        manufacturer_name,
        count(*) as source_rows,
        sum(case when has_architecture then 1 else 0 end) as rows_with_architecture
    from source_rows
    group by source, manufacturer_name

),

major_vendors as (

    select
        source,
        'NVIDIA, AMD and Intel' as manufacturer_name,
        count(*) as source_rows,
        sum(case when has_architecture then 1 else 0 end) as rows_with_architecture
    from source_rows
    where manufacturer_name in ('NVIDIA', 'AMD', 'Intel')
    group by source

),

unioned as (

    select * from by_manufacturer
    union all
    select * from major_vendors

),

final as (

    select
        {{ dbt.concat(["source", "':'", "manufacturer_name"]) }} as coverage_id,
        source,
        manufacturer_name,
        source_rows,
        rows_with_architecture,
        {{ safe_divide('rows_with_architecture', 'source_rows') }} as architecture_coverage
    from unioned

)

select * from final
