{#- Memory bandwidth matrix: every product with a reported memory bandwidth, with its memory tier, the
    memory bytes per operation and the roofline ridge point per precision (reported throughput only). -#}
{%- set precisions = efficiency_precisions() -%}

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

roofline_wide as (

    select
        hardware_id,
        {{ precision_pivot('memory_bytes_per_op', 'bytes_per_flop', 'bytes_per_op', precisions) }}
        {{ precision_pivot('ridge_point_ops_per_byte', 'ridge_point_flop_per_byte', 'ridge_point_op_per_byte', precisions) }}
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
        inputs.reference_year,
        inputs.memory_size_gb,
        hardware_metrics.memory_tier,
        inputs.memory_bandwidth_gb_per_s,
        inputs.tdp_watts,
        inputs.fp32_tflops,
        hardware_metrics.fp32_tflops_per_memory_gb,
        {% for precision in precisions %}
            roofline_wide.{{ precision }}_{{ 'bytes_per_op' if precision.startswith('int') else 'bytes_per_flop' }},
            roofline_wide.{{ precision }}_{{ 'ridge_point_op_per_byte' if precision.startswith('int') else 'ridge_point_flop_per_byte' }},
        {% endfor %}
        inputs.reported_precision_count
    from inputs
    inner join hardware_metrics
        on inputs.hardware_id = hardware_metrics.hardware_id
    left join roofline_wide
        on inputs.hardware_id = roofline_wide.hardware_id
    where inputs.memory_bandwidth_gb_per_s is not null

)

select * from final
