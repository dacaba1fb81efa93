with

source as (

    select * from {{ ref('mlperf_benchmark_aliases') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('benchmark_model_as_published')) }} as benchmark_model_as_published,
        {{ clean_text(adapter.quote('benchmark_model')) }} as benchmark_model,
        {{ clean_text(adapter.quote('source_url')) }} as source_url,
        {{ clean_text(adapter.quote('note')) }} as note
    from source

)

select * from renamed
