{#- Correlation matrix of the performance metrics, long form: one row per ordered pair of metrics with
    Pearson's r on the values, r on their natural logarithms (these metrics span orders of magnitude), and
    the number of products that have both. Reported values only; pairs with fewer than 3 products are left
    out. -#}
{%- set metrics = {
    'g3d_mark': 'inputs.g3d_mark',
    'g2d_mark': 'inputs.g2d_mark',
    'cuda_score': 'inputs.cuda_score',
    'opencl_score': 'inputs.opencl_score',
    'vulkan_score': 'inputs.vulkan_score',
    'metal_score': 'inputs.metal_score',
    'fp32_tflops': 'inputs.fp32_tflops',
    'fp16_tflops': 'inputs.fp16_tflops',
    'tensor_fp16_bf16_tflops': 'inputs.tensor_fp16_bf16_tflops',
    'int8_tops': 'inputs.int8_tops',
    'memory_size_gb': 'inputs.memory_size_gb',
    'memory_bandwidth_gb_per_s': 'inputs.memory_bandwidth_gb_per_s',
    'tdp_watts': 'inputs.tdp_watts',
    'price_usd': 'inputs.price_usd',
    'g3d_per_watt': 'hardware_metrics.g3d_per_watt',
    'g3d_per_usd': 'hardware_metrics.g3d_per_usd',
} -%}

with

inputs as (

    select * from {{ ref('dim_hardware_specs') }}

),

hardware_metrics as (

    select * from {{ ref('fct_hardware_metrics') }}

),

metric_values as (

    {% for metric_name, expression in metrics.items() %}
        select
            inputs.hardware_id,
            '{{ metric_name }}' as metric_name,
            {{ expression }} as metric_value
        from inputs
        inner join hardware_metrics
            on inputs.hardware_id = hardware_metrics.hardware_id
        where {{ expression }} is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

paired as (

    select
        metric_a.metric_name as metric_a,
        metric_b.metric_name as metric_b,
        metric_a.metric_value as value_a,
        metric_b.metric_value as value_b
    from metric_values as metric_a
    inner join metric_values as metric_b
        on
            metric_a.hardware_id = metric_b.hardware_id
            and metric_a.metric_name != metric_b.metric_name

),

final as (

    select
        {{ dbt.concat(["metric_a", "':'", "metric_b"]) }} as correlation_id,
        metric_a,
        metric_b,
        -- clamped to [-1, 1]: rounding can give 1.0000000000000002 for perfectly correlated values
        least(greatest(corr(value_a, value_b), -1.0), 1.0) as r,
        least(greatest(corr(
            case when value_a > 0 and value_b > 0 then ln(value_a) end,
            case when value_a > 0 and value_b > 0 then ln(value_b) end
        ), -1.0), 1.0) as r_log,
        count(*) as n
    from paired
    group by metric_a, metric_b
    having count(*) >= 3

)

select * from final
