{#- The contracted input of python_ml: one row per hardware with a spec row, carrying the specs the KPI
    models use (units in the names). A virtualized accelerator (a full GPU under a hypervisor) takes its
    physical GPU's specs; vGPU / MIG slices do not (they are fractions of it). -#}

with

hardware as (

    select * from {{ ref('dim_hardware') }}

),

manufacturers as (

    select * from {{ ref('dim_manufacturers') }}

),

architectures as (

    select * from {{ ref('dim_architectures') }}

),

hardware_types as (

    select * from {{ ref('dim_hardware_types') }}

),

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

specs as (

    select * from {{ ref('int_hardware__specs') }}

),

virtualized as (

    select distinct
        hardware_key,
        parent_hardware_key
    from crosswalk
    where match_rule = 'alias_virtualized'

),

final as (

    select
        hardware.hardware_id,
        hardware.hardware_name,
        manufacturers.manufacturer_name,
        architectures.architecture_name,
        hardware_types.hardware_type_name,
        coalesce(virtualized.parent_hardware_key, hardware.hardware_id) as spec_hardware_id,
        cast({{ extract_year('specs.release_date') }} as {{ type_double() }}) as release_year,
        specs.fp32_tflops,
        specs.fp16_tflops,
        specs.tensor_fp16_bf16_tflops,
        specs.int8_tops,
        specs.memory_size_gb,
        specs.memory_bandwidth_gb_per_s,
        specs.tdp_watts,
        specs.intranode_bandwidth_gb_per_s,
        specs.release_price_usd
    from hardware
    inner join manufacturers
        on hardware.manufacturer_id = manufacturers.manufacturer_id
    inner join hardware_types
        on hardware.hardware_type_id = hardware_types.hardware_type_id
    left join architectures
        on hardware.architecture_id = architectures.architecture_id
    left join virtualized
        on hardware.hardware_id = virtualized.hardware_key
    inner join specs
        on coalesce(virtualized.parent_hardware_key, hardware.hardware_id) = specs.hardware_key
    -- accelerators with a spec row of Epoch or the reviewed supplements; products known only from the GPU
    -- spec sheet (consumer GPUs, no MLPerf result) stay out of the model's hardware
    where specs.has_accelerator_spec_row

)

select * from final
