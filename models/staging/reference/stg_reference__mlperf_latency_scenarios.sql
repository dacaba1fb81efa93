with

source as (

    select * from {{ ref('mlperf_latency_scenarios') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('scenario')) }} as scenario,
        {{ to_int(adapter.quote('samples_per_query')) }} as samples_per_query,
        {{ to_double(adapter.quote('latency_percentile')) }} as latency_percentile,
        {{ clean_text(adapter.quote('source_url')) }} as source_url,
        {{ clean_text(adapter.quote('note')) }} as note
    from source

)

select * from renamed
