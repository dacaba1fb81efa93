with

source as (

    select * from {{ ref('mlperf_scenario_units') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('unit_of_work')) }} as unit_of_work,
        {{ clean_text(adapter.quote('scenario')) }} as scenario,
        {{ clean_text(adapter.quote('units')) }} as units,
        {{ clean_text(adapter.quote('source_url')) }} as source_url,
        {{ clean_text(adapter.quote('note')) }} as note
    from source

)

select * from renamed
