{#- Wide columns from the long fct_throughput_efficiency: one column per precision for one metric, named
    <precision>_<suffix>, with the floating-point suffix for fp* / tensor precisions and the integer one for
    int* (fp32_tflops_per_watt, int8_tops_per_watt). reported_only keeps values whose provenance is
    'reported' (the reported-data matrices); otherwise imputed values pass too. Use in a select grouped by
    hardware_id; every entry ends with a comma. -#}
{% macro precision_pivot(metric, float_suffix, int_suffix, precisions, reported_only=true) -%}
    {%- for precision in precisions %}
        max(
            case
                when precision = '{{ precision }}'
                    {%- if reported_only %} and value_provenance = 'reported'{% endif %}
                    then {{ metric }}
            end
        ) as {{ precision }}_{{ int_suffix if precision.startswith('int') else float_suffix }},
    {%- endfor %}
{%- endmacro %}
