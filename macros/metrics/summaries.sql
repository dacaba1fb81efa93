{#- The summary columns of the per-manufacturer and per-architecture analyses (one definition for both):
    counts, medians and extremes of reported metrics from fct_hardware_metrics and the reported FP32 rows
    of fct_throughput_efficiency (aliased hardware_metrics and fp32). -#}
{% macro hardware_summary_columns() -%}
        count(*) as product_count,
        count(hardware_metrics.fp32_tflops) as products_with_fp32_count,
        count(hardware_metrics.g3d_mark) as products_with_g3d_count,
        min(hardware_metrics.reference_year) as first_reference_year,
        max(hardware_metrics.reference_year) as last_reference_year,
        {{ aihw.median('hardware_metrics.fp32_tflops') }} as median_fp32_tflops,
        max(hardware_metrics.fp32_tflops) as max_fp32_tflops,
        {{ aihw.median('fp32.giga_ops_per_s_per_watt') }} as median_fp32_gflops_per_watt,
        {{ aihw.median('fp32.giga_ops_per_s_per_usd') }} as median_fp32_gflops_per_usd,
        max(case when hardware_metrics.ai_tflops_provenance = 'reported' then hardware_metrics.ai_tflops end)
            as max_reported_ai_tflops,
        {{ aihw.median('hardware_metrics.g3d_mark') }} as median_g3d_mark,
        {{ aihw.median('hardware_metrics.g3d_per_watt') }} as median_g3d_per_watt,
        {{ aihw.median('hardware_metrics.g3d_per_usd') }} as median_g3d_per_usd,
        {{ aihw.median('hardware_metrics.tdp_watts') }} as median_tdp_watts,
        {{ aihw.median('hardware_metrics.price_usd') }} as median_price_usd
{%- endmacro %}
