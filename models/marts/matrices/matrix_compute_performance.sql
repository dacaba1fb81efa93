{#- Compute performance matrix: every product with at least one reported throughput, one column per
    precision (reported values only; a blank means the source does not publish it), with per-watt
    efficiency and the precision scaling ratios of the reported values. -#}

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

efficiency_wide as (

    select
        hardware_id,
        {{ precision_pivot('tera_ops_per_s_per_watt', 'tflops_per_watt', 'tops_per_watt', efficiency_precisions()) }}
        {{ precision_pivot('giga_ops_per_s_per_watt', 'gflops_per_watt', 'gops_per_watt', ['fp32']) }}
        {{ precision_pivot('ops_per_s_per_watt', 'flop_per_s_per_watt', 'op_per_s_per_watt', ['fp32']) }}
        {{ precision_pivot('ratio_to_fp32', 'to_fp32_ratio', 'to_fp32_ratio', efficiency_precisions() | reject('equalto', 'fp32') | list) }}
        count(*) as precision_count
    from throughput_efficiency
    group by hardware_id

),

final as (

    select
        inputs.hardware_id,
        inputs.hardware_name,
        inputs.manufacturer_id,
        inputs.architecture_id,
        inputs.hardware_type_id,
        inputs.reference_year,
        inputs.fp64_tflops,
        inputs.fp32_tflops,
        inputs.fp16_tflops,
        inputs.tf32_tflops,
        inputs.tensor_fp16_bf16_tflops,
        inputs.int8_tops,
        inputs.int4_tops,
        inputs.reported_precision_count,
        inputs.tdp_watts,
        efficiency_wide.fp32_tflops_per_watt,
        efficiency_wide.fp16_tflops_per_watt,
        efficiency_wide.tensor_fp16_bf16_tflops_per_watt,
        efficiency_wide.int8_tops_per_watt,
        efficiency_wide.fp32_gflops_per_watt,
        efficiency_wide.fp32_flop_per_s_per_watt,
        efficiency_wide.fp16_to_fp32_ratio,
        efficiency_wide.tensor_fp16_bf16_to_fp32_ratio,
        efficiency_wide.int8_to_fp32_ratio,
        hardware_metrics.relative_latency_index
    from inputs
    inner join hardware_metrics
        on inputs.hardware_id = hardware_metrics.hardware_id
    left join efficiency_wide
        on inputs.hardware_id = efficiency_wide.hardware_id
    where inputs.reported_precision_count > 0

)

select * from final
