{#- The points behind the trend analyses: one row per product and trend metric with its year and value
    (reported values only). Spec-sheet metrics (Epoch AI and the reviewed supplements) use the release date
    as a decimal year; PassMark metrics use the first PassMark test year (a proxy for launch; street prices
    are prices at test time, not launch prices). -#}
{%- set metrics = {
    'fp32_tflops': ['fp32.throughput_tera_ops_per_s', 'release'],
    'fp32_gflops_per_usd': ['fp32.giga_ops_per_s_per_usd', 'release'],
    'fp32_gflops_per_watt': ['fp32.giga_ops_per_s_per_watt', 'release'],
    'tensor_fp16_bf16_tflops': ['tensor.throughput_tera_ops_per_s', 'release'],
    'tensor_fp16_bf16_tflops_per_watt': ['tensor.tera_ops_per_s_per_watt', 'release'],
    'g3d_mark': ['hardware_metrics.g3d_mark', 'passmark'],
    'g3d_per_usd': ['hardware_metrics.g3d_per_usd', 'passmark'],
    'g3d_per_watt': ['hardware_metrics.g3d_per_watt', 'passmark'],
} -%}

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

fp32 as (

    select * from throughput_efficiency
    where precision = 'fp32' and value_provenance = 'reported'

),

tensor as (

    select * from throughput_efficiency
    where precision = 'tensor_fp16_bf16' and value_provenance = 'reported'

),

joined as (

    select
        inputs.hardware_id,
        inputs.release_decimal_year,
        cast(inputs.first_benchmarked_year as {{ type_double() }}) as passmark_year,
        inputs.price_kind,
        {% for metric_name, spec in metrics.items() %}
            {{ spec[0] }} as {{ metric_name }},
        {% endfor %}
        hardware_metrics.g3d_mark as g3d_mark_reported
    from inputs
    inner join hardware_metrics
        on inputs.hardware_id = hardware_metrics.hardware_id
    left join fp32
        on inputs.hardware_id = fp32.hardware_id
    left join tensor
        on inputs.hardware_id = tensor.hardware_id

),

observations as (

    {% for metric_name, spec in metrics.items() %}
        select
            hardware_id,
            '{{ metric_name }}' as metric_name,
            {{ 'release_decimal_year' if spec[1] == 'release' else 'passmark_year' }} as decimal_year,
            '{{ 'release_date' if spec[1] == 'release' else 'first_passmark_test' }}' as year_source,
            {{ metric_name }} as metric_value
        from joined
        where
            {{ metric_name }} > 0
            and {{ 'release_decimal_year' if spec[1] == 'release' else 'passmark_year' }} is not null
            {% if metric_name == 'fp32_gflops_per_usd' %}and price_kind = 'launch'{% endif %}
            {% if metric_name == 'g3d_per_usd' %}and price_kind = 'street'{% endif %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        {{ dbt.concat(["hardware_id", "':'", "metric_name"]) }} as trend_observation_id,
        hardware_id,
        metric_name,
        decimal_year,
        cast(floor(decimal_year) as {{ dbt.type_int() }}) as calendar_year,
        year_source,
        metric_value,
        ln(metric_value) / ln(2.0) as log2_metric_value
    from observations

)

select * from final
