{#- Efficiency metrics per product and precision (FP32, FP16, tensor FP16/BF16, INT8), long form. The
    throughput is reported or, where missing, imputed by the rule-based methods (provenance and expected
    error on every row); power, price and memory bandwidth are reported values only, so every derived metric
    of a row inherits the row's throughput provenance. Formulas: macros/metrics/metric_formulas.sql. -#}
{%- set metric_precisions = efficiency_precisions() -%}

with

inputs as (

    select * from {{ ref('dim_hardware_specs') }}

),

rule_based_values as (

    select * from {{ ref('fct_imputation_rule_based_values') }}

),

precision_names as (

    {% for precision, quantity in metric_precisions.items() %}
        select
            '{{ precision }}' as precision,
            '{{ quantity }}' as quantity
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

throughput as (

    select
        rule_based_values.hardware_id,
        precision_names.precision,
        rule_based_values.value as throughput_tera_ops_per_s,
        rule_based_values.value_provenance,
        rule_based_values.expected_absolute_percentage_error
    from rule_based_values
    inner join precision_names
        on rule_based_values.quantity = precision_names.quantity

),

final as (

    select
        {{ dbt.concat(["throughput.hardware_id", "':'", "throughput.precision"]) }} as throughput_efficiency_id,
        throughput.hardware_id,
        throughput.precision,
        throughput.throughput_tera_ops_per_s,
        throughput.value_provenance,
        throughput.expected_absolute_percentage_error,
        inputs.tdp_watts,
        inputs.tdp_source,
        inputs.price_usd,
        inputs.price_kind,
        inputs.memory_bandwidth_gb_per_s,
        {{ per_watt('throughput.throughput_tera_ops_per_s', 'inputs.tdp_watts') }} as tera_ops_per_s_per_watt,
        {{ gflops_per_watt('throughput.throughput_tera_ops_per_s', 'inputs.tdp_watts') }} as giga_ops_per_s_per_watt,
        {{ flop_per_s_per_watt('throughput.throughput_tera_ops_per_s', 'inputs.tdp_watts') }} as ops_per_s_per_watt,
        {{ gflops_per_usd('throughput.throughput_tera_ops_per_s', 'inputs.price_usd') }} as giga_ops_per_s_per_usd,
        {{ gflops_per_usd_watt('throughput.throughput_tera_ops_per_s', 'inputs.price_usd', 'inputs.tdp_watts') }}
            as giga_ops_per_s_per_usd_watt,
        {{ bytes_per_flop('inputs.memory_bandwidth_gb_per_s', 'throughput.throughput_tera_ops_per_s') }}
            as memory_bytes_per_op,
        {{ ridge_point_flop_per_byte('throughput.throughput_tera_ops_per_s', 'inputs.memory_bandwidth_gb_per_s') }}
            as ridge_point_ops_per_byte,
        {{ precision_ratio('throughput.throughput_tera_ops_per_s', 'inputs.fp32_tflops') }} as ratio_to_fp32
    from throughput
    inner join inputs
        on throughput.hardware_id = inputs.hardware_id

)

select * from final
