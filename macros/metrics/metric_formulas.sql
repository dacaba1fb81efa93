{#- Derived-metric formulas: every metric of the warehouse is defined here, once, and applied by the models
    under models/marts/metrics, models/marts/matrices and models/marts/analyses. Units follow the column
    names: throughput in tera-operations per second (TFLOP/s or TOP/s, 1e12 op/s), memory in GB (1e9 byte),
    bandwidth in GB/s (1e9 byte/s), power in W, prices in nominal USD. docs/metrics.md lists every formula
    with its unit and what was wrong in the predecessor. Every division returns null when the denominator
    is null or not positive (never a division error, never an infinite value). -#}

{#- numerator / denominator as double precision; null unless the denominator is > 0 (no integer division
    on PostgreSQL, no division by zero anywhere) -#}
{% macro safe_divide(numerator, denominator) -%}
    case
        when {{ denominator }} > 0
            then cast({{ numerator }} as {{ aihw.type_double() }}) / cast({{ denominator }} as {{ aihw.type_double() }})
    end
{%- endmacro %}

{#- value per watt, in <value unit>/W: TOP/s per W (= TOPS/W) from tera-ops, G3D points per W from G3D -#}
{% macro per_watt(value, watts) -%}
    {{ aihw.safe_divide(value, watts) }}
{%- endmacro %}

{#- GFLOP/s per W (or GOP/s per W) from a throughput in tera-operations per second -#}
{% macro gflops_per_watt(tera_ops_per_s, watts) -%}
    {{ aihw.safe_divide("(" ~ tera_ops_per_s ~ ") * 1000.0", watts) }}
{%- endmacro %}

{#- FLOP/s per W (operations per joule) from a throughput in tera-operations per second -#}
{% macro flop_per_s_per_watt(tera_ops_per_s, watts) -%}
    {{ aihw.safe_divide("(" ~ tera_ops_per_s ~ ") * 1000000000000.0", watts) }}
{%- endmacro %}

{#- value per US dollar, in <value unit>/USD -#}
{% macro per_usd(value, price_usd) -%}
    {{ aihw.safe_divide(value, price_usd) }}
{%- endmacro %}

{#- GFLOP/s per USD from a throughput in tera-operations per second -#}
{% macro gflops_per_usd(tera_ops_per_s, price_usd) -%}
    {{ aihw.safe_divide("(" ~ tera_ops_per_s ~ ") * 1000.0", price_usd) }}
{%- endmacro %}

{#- value per (USD x W), in <value unit>/(USD*W): performance per dollar per watt -#}
{% macro per_usd_watt(value, price_usd, watts) -%}
    {{ aihw.safe_divide(value, "(" ~ price_usd ~ ") * (" ~ watts ~ ")") }}
{%- endmacro %}

{#- GFLOP/s per (USD x W) from a throughput in tera-operations per second -#}
{% macro gflops_per_usd_watt(tera_ops_per_s, price_usd, watts) -%}
    {{ aihw.per_usd_watt("(" ~ tera_ops_per_s ~ ") * 1000.0", price_usd, watts) }}
{%- endmacro %}

{#- Memory bytes per FLOP: the bandwidth a kernel gets per operation at peak (byte/FLOP). Its inverse is the
    roofline ridge point: the arithmetic intensity (FLOP/byte) above which a kernel is compute-bound. -#}
{% macro bytes_per_flop(bandwidth_gb_per_s, tera_ops_per_s) -%}
    {{ aihw.safe_divide("(" ~ bandwidth_gb_per_s ~ ") * 1000000000.0", "(" ~ tera_ops_per_s ~ ") * 1000000000000.0") }}
{%- endmacro %}

{% macro ridge_point_flop_per_byte(tera_ops_per_s, bandwidth_gb_per_s) -%}
    {{ aihw.safe_divide("(" ~ tera_ops_per_s ~ ") * 1000000000000.0", "(" ~ bandwidth_gb_per_s ~ ") * 1000000000.0") }}
{%- endmacro %}

{#- precision scaling ratio: throughput at one precision over the FP32 throughput (dimensionless) -#}
{% macro precision_ratio(tera_ops_per_s, fp32_tflops) -%}
    {{ aihw.safe_divide(tera_ops_per_s, fp32_tflops) }}
{%- endmacro %}

{#- compute density: TFLOP/s per GB of on-board memory -#}
{% macro compute_density_tflops_per_gb(tflops, memory_size_gb) -%}
    {{ aihw.safe_divide(tflops, memory_size_gb) }}
{%- endmacro %}

{#- Relative latency index (dimensionless, >= 1): the fastest device's throughput over this device's, over
    the rows of the query (window over the whole population). 1 = fastest; 4 = a quarter of its throughput,
    i.e. four times the compute-bound time for the same work. -#}
{% macro relative_latency_index(tflops) -%}
    {{ aihw.safe_divide("max(" ~ tflops ~ ") over ()", tflops) }}
{%- endmacro %}

{#- Share of the best value in the population, in percent (0-100]. Used for compute_usage_percent, which is
    (as in the predecessor) the G3D-per-watt efficiency relative to the most efficient device: NOT a measured
    utilisation. -#}
{% macro share_of_best_percent(value) -%}
    100.0 * {{ aihw.safe_divide(value, "max(" ~ value ~ ") over ()") }}
{%- endmacro %}

{#- Streams served at a time-per-output-token bound (count per accelerator, an upper bound): every stream must
    get at least 1000 / tpot_bound_ms tokens/s, so a throughput of tokens_per_s serves at most
    tokens_per_s x tpot_bound_ms / 1000 concurrent streams within the bound. -#}
{% macro streams_at_tpot_bound(tokens_per_s, tpot_bound_ms) -%}
    case
        when {{ tpot_bound_ms }} > 0
            then cast({{ tokens_per_s }} as {{ aihw.type_double() }}) * ({{ tpot_bound_ms }}) / 1000.0
    end
{%- endmacro %}

{#- Share of the unconstrained (Offline) throughput kept under the Server scenario's latency bound
    (dimensionless; 1 = the latency bound costs nothing) -#}
{% macro latency_bound_throughput_share(server_throughput, offline_throughput) -%}
    {{ aihw.safe_divide(server_throughput, offline_throughput) }}
{%- endmacro %}
