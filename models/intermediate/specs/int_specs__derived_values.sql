{#- One row per spec-sheet row (gpu_specs_v6.csv) with its conformed hardware_key and the values derived from
    its fields (formulas and provenance labels: macros/metrics/spec_formulas.sql): FP32 from FLOP per shader
    per clock (architecture_capabilities: 2, or 4 on dual-issue RDNA 3; 2 where the architecture is unknown) x
    shading units x BASE clock, memory bandwidth from memory clock x bus width x the memory type's data-rate factor
    (stg_reference__memory_types). Pre-unified GPUs (no shading units) and system-shared memory get no
    derived value. -#}

with

gpu_specs as (

    select * from {{ ref('stg_gpu_specs__gpu_specs') }}

),

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

memory_types as (

    select * from {{ ref('stg_reference__memory_types') }}

),

capabilities as (

    select * from {{ ref('int_specs__hardware_capabilities') }}

),

keyed as (

    select
        crosswalk.hardware_key,
        gpu_specs.source_row_number,
        gpu_specs.product_name,
        gpu_specs.gpu_chip,
        gpu_specs.is_integrated,
        gpu_specs.shading_units,
        gpu_specs.base_clock_mhz,
        gpu_specs.memory_clock_mhz,
        gpu_specs.memory_bus_bits,
        gpu_specs.memory_type,
        memory_types.data_rate_factor,
        coalesce(capabilities.fp32_flop_per_shader_clock, 2) as fp32_flop_per_shader_clock
    from gpu_specs
    inner join crosswalk
        on
            crosswalk.source = 'gpu_specs'
            and gpu_specs.source_row_number = crosswalk.source_row_number
    left join memory_types
        on gpu_specs.memory_type = memory_types.memory_type
    left join capabilities
        on crosswalk.hardware_key = capabilities.hardware_key

),

final as (

    select
        *,
        {{ fp32_tflops_from_shaders('shading_units', 'base_clock_mhz', 'fp32_flop_per_shader_clock') }} as fp32_tflops,
        {{ memory_bandwidth_from_bus('memory_clock_mhz', 'memory_bus_bits', 'data_rate_factor') }}
            as memory_bandwidth_gb_per_s
    from keyed

)

select * from final
