with

source as (

    select * from {{ ref('workload_benchmarks') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('benchmark_model')) }} as benchmark_model,
        {{ clean_text(adapter.quote('workload_id')) }} as workload_id,
        {{ to_double(adapter.quote('accuracy_target_percent')) }} as accuracy_target_percent,
        {{ clean_text(adapter.quote('source_url')) }} as source_url
    from source

)

select * from renamed
