{#- Spec values derived from spec-sheet fields, each formula written once with the provenance label that names
    it (value_provenance 'derived:<formula>'). The spec sheet (gpu_specs_v6.csv) lists the BASE core clock, so
    the derived FP32 is a base-clock peak: boost-clock figures (Epoch, vendors) are typically 1.1-1.5x higher
    (median 1.18x on the products both give; at Epoch's own boost clock the formula meets Epoch's FP32, see
    fct_spec_derivation_accuracy). -#}

{#- the derivations: attribute -> provenance label; int_specs__derived_values computes them, spec values and
    docs name them from here -#}
{% macro spec_derivations() -%}
    {{ return({
        'fp32_tflops': 'derived:flop_per_shader_clock*shading_units*base_clock',
        'memory_bandwidth_gb_per_s': 'derived:memory_clock*bus_width/8*data_rate_factor',
    }) }}
{%- endmacro %}

{#- peak FP32 in TFLOP/s: FLOP per shading unit per clock (2: one fused multiply-add; 4 on dual-issue RDNA 3,
    architecture_capabilities.fp32_flop_per_shader_clock) x shading units x clock -#}
{% macro fp32_tflops_from_shaders(shading_units, clock_mhz, flop_per_shader_clock) -%}
    case
        when {{ shading_units }} > 0 and {{ clock_mhz }} > 0
            then {{ flop_per_shader_clock }} * cast({{ shading_units }} as {{ aihw.type_double() }}) * {{ clock_mhz }}
                / 1000000.0
    end
{%- endmacro %}

{#- memory bandwidth in GB/s (1e9 byte/s): listed memory clock (MHz) x bus width (bit) / 8 x transfers per
    listed clock (memory_types.data_rate_factor) -#}
{% macro memory_bandwidth_from_bus(memory_clock_mhz, bus_bits, data_rate_factor) -%}
    case
        when {{ memory_clock_mhz }} > 0 and {{ bus_bits }} > 0 and {{ data_rate_factor }} > 0
            then {{ memory_clock_mhz }} * cast({{ bus_bits }} as {{ aihw.type_double() }}) / 8.0
                * {{ data_rate_factor }} / 1000.0
    end
{%- endmacro %}
