{#- Domain mart (speech): which hardware under a latency / budget / power limit, measured, predicted and
    roofline rows side by side (row_kind and provenance say which; int_workloads__hardware_options). -#}

with

options as (

    select * from {{ ref('int_workloads__hardware_options') }}
    where domain = 'speech'

),

final as (

    select
        option_id,
        hardware_id,
        workload_id,
        unit_of_work,
        row_kind,
        provenance,
        throughput_per_accelerator_per_s,
        throughput_low_per_s,
        throughput_high_per_s,
        latency_ms,
        min_accelerators,
        out_of_domain_reason,
        price_usd,
        tdp_watts,
        throughput_per_usd,
        throughput_per_watt,
        joules_per_unit_upper_bound,
        energy_provenance
    from options

)

select * from final
