{#- How well the spec-sheet formulas reproduce the values Epoch reports, on the products both describe: one
    row per formula and clock convention with n, the median ratio derived / Epoch and the share within 3 %.
    FP32 is derived twice: at the spec sheet's BASE clock (the value the warehouse uses where nothing is
    reported) and at Epoch's own BOOST clock (the formula check: same clock as the reported figure). -#}

with

spec_values as (

    select * from {{ ref('int_hardware__spec_values') }}

),

derived as (

    select * from {{ ref('int_specs__derived_values') }}

),

epoch as (

    select
        hardware_key,
        max(case when attribute = 'fp32_tflops' then value_number end) as fp32_tflops,
        max(case when attribute = 'boost_clock_mhz' then value_number end) as boost_clock_mhz,
        max(case when attribute = 'memory_bandwidth_gb_per_s' then value_number end) as memory_bandwidth_gb_per_s
    from spec_values
    where spec_source = 'epoch'
    group by hardware_key

),

derived_per_key as (

    select
        hardware_key,
        {{ median('fp32_tflops') }} as fp32_base_clock_tflops,
        {{ median(fp32_tflops_from_shaders('shading_units', '1.0', 'fp32_flop_per_shader_clock')) }}
            as fp32_tflops_per_mhz,
        {{ median('memory_bandwidth_gb_per_s') }} as memory_bandwidth_gb_per_s
    from derived
    group by hardware_key

),

ratios as (

    select
        'fp32_tflops' as attribute,
        'base_clock' as clock_convention,
        derived_per_key.fp32_base_clock_tflops / epoch.fp32_tflops as ratio
    from derived_per_key
    inner join epoch
        on derived_per_key.hardware_key = epoch.hardware_key
    where derived_per_key.fp32_base_clock_tflops > 0 and epoch.fp32_tflops > 0
    union all
    select
        'fp32_tflops' as attribute,
        'epoch_boost_clock' as clock_convention,
        derived_per_key.fp32_tflops_per_mhz * epoch.boost_clock_mhz / epoch.fp32_tflops as ratio
    from derived_per_key
    inner join epoch
        on derived_per_key.hardware_key = epoch.hardware_key
    where derived_per_key.fp32_tflops_per_mhz > 0 and epoch.boost_clock_mhz > 0 and epoch.fp32_tflops > 0
    union all
    select
        'memory_bandwidth_gb_per_s' as attribute,
        'listed_memory_clock' as clock_convention,
        derived_per_key.memory_bandwidth_gb_per_s / epoch.memory_bandwidth_gb_per_s as ratio
    from derived_per_key
    inner join epoch
        on derived_per_key.hardware_key = epoch.hardware_key
    where derived_per_key.memory_bandwidth_gb_per_s > 0 and epoch.memory_bandwidth_gb_per_s > 0

),

final as (

    select
        {{ dbt.concat(["attribute", "':'", "clock_convention"]) }} as derivation_id,
        attribute,
        clock_convention,
        count(*) as compared_count,
        {{ median('ratio') }} as median_ratio_to_epoch,
        avg(cast(case when abs(ratio - 1) <= 0.03 then 1 else 0 end as {{ type_double() }})) as share_within_3_percent
    from ratios
    group by attribute, clock_convention

)

select * from final
