{#- Per-product metrics that are not per precision: PassMark score per watt and per dollar, the relative
    latency index, compute usage percent, compute density, memory tier, AI tiers and generation category.
    G3D, FP32, memory, TDP and price are reported values; the AI tiers use the best dense 16-bit
    throughput (tensor FP16/BF16 or FP16, whichever is larger) from fct_throughput_efficiency and carry its
    provenance. Formulas and tier bounds: macros/metrics/. -#}

with

inputs as (

    select * from {{ ref('dim_hardware_specs') }}

),

throughput_efficiency as (

    select * from {{ ref('fct_throughput_efficiency') }}

),

ai_throughput_ranked as (

    select
        hardware_id,
        throughput_tera_ops_per_s as ai_tflops,
        value_provenance as ai_tflops_provenance,
        tera_ops_per_s_per_watt as ai_tflops_per_watt,
        row_number() over (
            partition by hardware_id
            order by throughput_tera_ops_per_s desc, value_provenance desc
        ) as ai_rank
    from throughput_efficiency
    where precision in ('fp16', 'tensor_fp16_bf16')

),

fp32_population as (

    select
        hardware_id,
        {{ relative_latency_index('fp32_tflops') }} as relative_latency_index
    from inputs
    where fp32_tflops > 0

),

g3d_population as (

    select
        hardware_id,
        {{ per_watt('g3d_mark', 'tdp_watts') }} as g3d_per_watt,
        {{ share_of_best_percent(per_watt('g3d_mark', 'tdp_watts')) }} as compute_usage_percent
    from inputs
    where g3d_mark > 0 and tdp_watts > 0

),

final as (

    select
        inputs.hardware_id,
        inputs.hardware_name,
        inputs.manufacturer_id,
        inputs.architecture_id,
        inputs.reference_year,
        inputs.reference_year_source,
        {{ generation_category('inputs.reference_year') }} as generation_category,
        inputs.g3d_mark,
        inputs.tdp_watts,
        inputs.tdp_source,
        inputs.price_usd,
        inputs.price_kind,
        g3d_population.g3d_per_watt,
        {{ per_usd('inputs.g3d_mark', 'inputs.price_usd') }} as g3d_per_usd,
        {{ per_usd_watt('inputs.g3d_mark', 'inputs.price_usd', 'inputs.tdp_watts') }} as g3d_per_usd_watt,
        g3d_population.compute_usage_percent,
        inputs.fp32_tflops,
        fp32_population.relative_latency_index,
        inputs.memory_size_gb,
        {{ memory_tier('inputs.memory_size_gb') }} as memory_tier,
        {{ compute_density_tflops_per_gb('inputs.fp32_tflops', 'inputs.memory_size_gb') }}
            as fp32_tflops_per_memory_gb,
        ai_throughput_ranked.ai_tflops,
        ai_throughput_ranked.ai_tflops_provenance,
        ai_throughput_ranked.ai_tflops_per_watt,
        {{ ai_performance_category('ai_throughput_ranked.ai_tflops') }} as ai_performance_category,
        {{ ai_efficiency_tier('ai_throughput_ranked.ai_tflops_per_watt') }} as ai_efficiency_tier
    from inputs
    left join fp32_population
        on inputs.hardware_id = fp32_population.hardware_id
    left join g3d_population
        on inputs.hardware_id = g3d_population.hardware_id
    left join ai_throughput_ranked
        on
            inputs.hardware_id = ai_throughput_ranked.hardware_id
            and ai_throughput_ranked.ai_rank = 1

)

select * from final
