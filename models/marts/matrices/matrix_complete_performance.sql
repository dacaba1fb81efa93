{#- Complete performance matrix: products for which EVERY cell is reported - FP32 and FP16 throughput,
    memory size and bandwidth, TDP and a price - with the metrics derived from them. No imputation: a
    product missing any input is not in this matrix (see matrix_ai_performance for the imputed one). -#}

with

inputs as (

    select * from {{ ref('dim_hardware_specs') }}

),

hardware_metrics as (

    select * from {{ ref('fct_hardware_metrics') }}

),

throughput_efficiency as (

    select * from {{ ref('fct_throughput_efficiency') }}

),

complete as (

    select *
    from inputs
    where
        fp32_tflops is not null
        and fp16_tflops is not null
        and memory_size_gb is not null
        and memory_bandwidth_gb_per_s is not null
        and tdp_watts is not null
        and price_usd is not null

),

efficiency_wide as (

    select
        hardware_id,
        {{ precision_pivot('giga_ops_per_s_per_watt', 'gflops_per_watt', 'gops_per_watt', ['fp32', 'fp16']) }}
        {{ precision_pivot('giga_ops_per_s_per_usd', 'gflops_per_usd', 'gops_per_usd', ['fp32', 'fp16']) }}
        {{ precision_pivot('giga_ops_per_s_per_usd_watt', 'gflops_per_usd_watt', 'gops_per_usd_watt', ['fp32']) }}
        {{ precision_pivot('ridge_point_ops_per_byte', 'ridge_point_flop_per_byte', 'ridge_point_op_per_byte', ['fp32', 'fp16']) }}
        {{ precision_pivot('ratio_to_fp32', 'to_fp32_ratio', 'to_fp32_ratio', ['fp16']) }}
        count(*) as precision_count
    from throughput_efficiency
    group by hardware_id

),

final as (

    select
        complete.hardware_id,
        complete.hardware_name,
        complete.manufacturer_id,
        complete.architecture_id,
        complete.reference_year,
        hardware_metrics.generation_category,
        complete.fp32_tflops,
        complete.fp16_tflops,
        complete.memory_size_gb,
        complete.memory_bandwidth_gb_per_s,
        complete.tdp_watts,
        complete.price_usd,
        complete.price_kind,
        efficiency_wide.fp32_gflops_per_watt,
        efficiency_wide.fp16_gflops_per_watt,
        efficiency_wide.fp32_gflops_per_usd,
        efficiency_wide.fp16_gflops_per_usd,
        efficiency_wide.fp32_gflops_per_usd_watt,
        efficiency_wide.fp32_ridge_point_flop_per_byte,
        efficiency_wide.fp16_ridge_point_flop_per_byte,
        efficiency_wide.fp16_to_fp32_ratio,
        hardware_metrics.relative_latency_index,
        hardware_metrics.fp32_tflops_per_memory_gb,
        hardware_metrics.memory_tier
    from complete
    inner join hardware_metrics
        on complete.hardware_id = hardware_metrics.hardware_id
    inner join efficiency_wide
        on complete.hardware_id = efficiency_wide.hardware_id

)

select * from final
