{#- One domain mart of workload options (marts/workloads/fct_workload_options_<domain>): which hardware under a
    latency / budget / power limit, measured, predicted and roofline rows side by side (row_kind and provenance
    say which; int_workloads__hardware_options). The columns are declared once here; a domain with extra
    columns (language: TTFT / TPOT) names them, and they follow latency_ms. -#}
{% macro workload_domain_options(domain, extra_columns=[]) -%}
{%- set columns = [
    'option_id', 'hardware_id', 'workload_id', 'unit_of_work', 'row_kind', 'provenance',
    'throughput_per_accelerator_per_s', 'throughput_low_per_s', 'throughput_high_per_s', 'latency_ms',
] + extra_columns + [
    'min_accelerators', 'out_of_domain_reason', 'price_usd', 'tdp_watts', 'throughput_per_usd',
    'throughput_per_watt', 'joules_per_unit_upper_bound', 'energy_provenance',
] -%}

with

options as (

    select * from {{ ref('int_workloads__hardware_options') }}
    where domain = '{{ domain }}'

),

final as (

    select
        {%- for column in columns %}
        {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from options

)

select * from final
{%- endmacro %}
