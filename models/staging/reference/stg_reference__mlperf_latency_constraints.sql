with

source as (

    select * from {{ ref('mlperf_latency_constraints') }}

),

renamed as (

    select
        {{ dbt.concat([clean_text(adapter.quote('benchmark_model')), "':'", clean_text(adapter.quote('scenario'))]) }}
            as latency_constraint_id,
        {{ clean_text(adapter.quote('benchmark_model')) }} as benchmark_model,
        {{ clean_text(adapter.quote('scenario')) }} as scenario,
        {{ clean_text(adapter.quote('loadgen_model')) }} as loadgen_model,
        {{ to_double(adapter.quote('latency_percentile')) }} as latency_percentile,
        {{ to_double(adapter.quote('query_latency_bound_ms')) }} as query_latency_bound_ms,
        {{ to_double(adapter.quote('ttft_bound_ms')) }} as ttft_bound_ms,
        {{ to_double(adapter.quote('tpot_bound_ms')) }} as tpot_bound_ms,
        {{ clean_text(adapter.quote('source_url')) }} as source_url,
        {{ clean_text(adapter.quote('note')) }} as note
    from source

)

select * from renamed
