{#- The per-architecture view of fct_workload_precision_tradeoffs: per architecture x workload x precision,
    the median roofline speed-up against FP16/BF16 over the architecture's chips that have both figures, with
    the number of chips (derived:roofline). Chips without an architecture are left out. -#}

with

tradeoffs as (

    select * from {{ ref('fct_workload_precision_tradeoffs') }}
    where architecture_id is not null

),

final as (

    select
        architecture_id,
        workload_id,
        precision_id,
        count(*) as chips,
        {{ median('latency_speedup_batch_1') }} as median_latency_speedup_batch_1,
        {{ median('throughput_speedup_batch_256') }} as median_throughput_speedup_batch_256,
        {{ median('memory_saving_share') }} as median_memory_saving_share,
        'derived:median over chips of fct_workload_precision_tradeoffs (roofline)' as provenance
    from tradeoffs
    group by
        architecture_id,
        workload_id,
        precision_id

)

select * from final
