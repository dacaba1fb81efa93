{#- Roofline formulas of the workload marts, declared once (units in the argument names). FLOP = 2 x MAC.
    On n accelerators the work and the bytes are split n ways (ideal tensor parallelism: an upper bound on
    speed, a lower bound on time). -#}

{#- time in ms for flop operations and bytes of memory traffic on n accelerators: the slower of the two -#}
{% macro roofline_time_ms(flop, bytes, peak_tera_ops_per_s, bandwidth_gb_per_s, accelerators=1) -%}
    case
        when {{ peak_tera_ops_per_s }} > 0 and {{ bandwidth_gb_per_s }} > 0 and {{ accelerators }} > 0
            then 1000.0 * greatest(
                cast({{ flop }} as {{ aihw.type_double() }})
                / ({{ peak_tera_ops_per_s }} * 1000000000000.0 * {{ accelerators }}),
                cast({{ bytes }} as {{ aihw.type_double() }})
                / ({{ bandwidth_gb_per_s }} * 1000000000.0 * {{ accelerators }})
            )
    end
{%- endmacro %}

{#- 'compute' when the arithmetic intensity (FLOP/byte) reaches the ridge point (peak / bandwidth), else 'memory' -#}
{% macro roofline_bound(flop, bytes, peak_tera_ops_per_s, bandwidth_gb_per_s) -%}
    case
        when {{ peak_tera_ops_per_s }} > 0 and {{ bandwidth_gb_per_s }} > 0
            then case
                when cast({{ flop }} as {{ aihw.type_double() }}) * {{ bandwidth_gb_per_s }} * 1000000000.0
                    >= cast({{ bytes }} as {{ aihw.type_double() }}) * {{ peak_tera_ops_per_s }} * 1000000000000.0
                    then 'compute'
                else 'memory'
            end
    end
{%- endmacro %}

{#- the smallest batch of batch_sizes at which a step is compute-bound (null: memory-bound at every one), a step
    of batch b being b x flop_per_unit FLOP and fixed_bytes + b x bytes_per_unit bytes: one expression over the
    whole list, so a table need not store a row per batch to answer it -#}
{% macro compute_bound_from_batch_size(batch_sizes, flop_per_unit, fixed_bytes, bytes_per_unit,
    peak_tera_ops_per_s, bandwidth_gb_per_s) -%}
    case
        {%- for b in batch_sizes | sort %}
        when {{ aihw.roofline_bound(
            b ~ ' * ' ~ flop_per_unit, fixed_bytes ~ ' + ' ~ b ~ ' * ' ~ bytes_per_unit,
            peak_tera_ops_per_s, bandwidth_gb_per_s) }} = 'compute'
            then {{ b }}
        {%- endfor %}
    end
{%- endmacro %}

{#- smallest whole number of accelerators whose memory holds required_bytes (at least 1; null when the memory or the requirement is unknown) -#}
{% macro min_accelerators(required_bytes, memory_size_gb) -%}
    case
        when {{ memory_size_gb }} > 0
            then cast(greatest(1, ceil(
                cast({{ required_bytes }} as {{ aihw.type_double() }}) / ({{ memory_size_gb }} * 1000000000.0)
            )) as {{ dbt.type_int() }})
    end
{%- endmacro %}

{#- rows of one integer column from a list declared once in dbt_project.yml vars -#}
{% macro values_from_var(var_name, column_name) -%}
    {%- for value in var(var_name) %}
    select {{ value }} as {{ column_name }}
    {%- if not loop.last %}
    union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- the value of the column whose name name_expression holds, among column_names of relation_alias (null when
    the name is not among them): a column chosen by data (a seed) rather than by a list repeated in SQL -#}
{% macro column_by_name(name_expression, column_names, relation_alias) -%}
    case {{ name_expression }}
        {%- for column_name in column_names %}
        when '{{ column_name }}' then {{ relation_alias }}.{{ column_name }}
        {%- endfor %}
        else null
    end
{%- endmacro %}

{#- true for an MLPerf latency result (SingleStream / MultiStream, published in ms), whose system_result is a
    time and must never be read as a throughput (scaling, accuracy cost, per-accelerator figures) -#}
{% macro is_latency_result(scenario, units) -%}
    ({{ scenario }} in ('SingleStream', 'MultiStream') or lower({{ units }}) like '%latency%')
{%- endmacro %}
