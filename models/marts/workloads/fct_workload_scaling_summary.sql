{#- The scaling model the what-if CLI can read: per system size relative to the smallest system of the
    same chip and benchmark, and per intra-node interconnect bandwidth (null = not given), the median
    measured scaling efficiency over every chip x benchmark x scenario group of fct_workload_scaling, with
    its spread and count. A per-card figure for n accelerators is the one-card figure x the efficiency
    (1 = linear; the median is below 1 unless the data shows per-card throughput rising). -#}

with

scaling as (

    select * from {{ ref('fct_workload_scaling') }}
    where total_accelerators > reference_accelerators

),

final as (

    select
        {{ dbt.concat([
            'cast(reference_accelerators as ' ~ dbt.type_string() ~ ')', "'->'",
            'cast(total_accelerators as ' ~ dbt.type_string() ~ ')', "'|'",
            "coalesce(cast(intranode_bandwidth_gb_per_s as " ~ dbt.type_string() ~ "), 'unknown')"]) }}
            as scaling_summary_id,
        reference_accelerators,
        total_accelerators,
        intranode_bandwidth_gb_per_s,
        count(*) as scaling_groups,
        {{ median('scaling_efficiency') }} as median_scaling_efficiency,
        min(scaling_efficiency) as min_scaling_efficiency,
        max(scaling_efficiency) as max_scaling_efficiency,
        'derived:median of measured scaling_efficiency (fct_workload_scaling)' as provenance
    from scaling
    group by
        reference_accelerators,
        total_accelerators,
        intranode_bandwidth_gb_per_s

)

select * from final
