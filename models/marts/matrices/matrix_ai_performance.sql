{#- Unified AI performance matrix (phase 2): every product whose FP32 throughput is reported or can be
    estimated, with FP32, FP16, the best dense 16-bit AI throughput, INT8 and TDP, the efficiency metrics
    and tiers. No blank cells: every missing input is filled by a flagged imputation - each value has its
    provenance (reported / imputed:<method>) and, where known, its expected error next to it. Products for
    which some cell cannot be filled are left out (counted in docs/metrics.md). -#}
{%- set quantities = ['fp32_tflops'] + imputed_quantities() -%}

with

inputs as (

    select * from {{ ref('dim_hardware_specs') }}

),

unified_values as (

    select * from {{ ref('fct_imputation_unified_values') }}

),

values_wide as (

    select
        hardware_id,
        {% for quantity in quantities %}
            max(case when quantity = '{{ quantity }}' then value end) as {{ quantity }},
            max(case when quantity = '{{ quantity }}' then value_provenance end) as {{ quantity }}_provenance,
            max(case when quantity = '{{ quantity }}' then expected_absolute_percentage_error end)
                as {{ quantity }}_expected_error,
        {% endfor %}
        count(*) as quantity_count
    from unified_values
    group by hardware_id

),

complete as (

    select
        values_wide.*,
        -- best dense 16-bit AI throughput: tensor units where they exist, else plain FP16
        case
            when values_wide.tensor_fp16_bf16_tflops > values_wide.fp16_tflops then 'tensor_fp16_bf16_tflops'
            else 'fp16_tflops'
        end as ai_tflops_source
    from values_wide
    where
        values_wide.fp32_tflops is not null
        and values_wide.fp16_tflops is not null
        and values_wide.int8_tops is not null
        and values_wide.tdp_watts > 0

),

with_ai as (

    select
        *,
        case when ai_tflops_source = 'fp16_tflops' then fp16_tflops else tensor_fp16_bf16_tflops end as ai_tflops,
        case
            when ai_tflops_source = 'fp16_tflops' then fp16_tflops_provenance else tensor_fp16_bf16_tflops_provenance
        end as ai_tflops_provenance,
        case
            when ai_tflops_source = 'fp16_tflops' then fp16_tflops_expected_error
            else tensor_fp16_bf16_tflops_expected_error
        end as ai_tflops_expected_error
    from complete

),

final as (

    select
        with_ai.hardware_id,
        inputs.hardware_name,
        inputs.manufacturer_id,
        coalesce(inputs.architecture_id, 'unknown') as architecture_id,
        inputs.reference_year,
        {{ generation_category('inputs.reference_year') }} as generation_category,
        with_ai.fp32_tflops,
        with_ai.fp32_tflops_provenance as fp32_provenance,
        with_ai.fp32_tflops_expected_error as fp32_expected_error,
        with_ai.fp16_tflops,
        with_ai.fp16_tflops_provenance as fp16_provenance,
        with_ai.fp16_tflops_expected_error as fp16_expected_error,
        with_ai.ai_tflops,
        with_ai.ai_tflops_source,
        with_ai.ai_tflops_provenance,
        with_ai.ai_tflops_expected_error,
        with_ai.int8_tops,
        with_ai.int8_tops_provenance as int8_provenance,
        with_ai.int8_tops_expected_error as int8_expected_error,
        with_ai.tdp_watts,
        with_ai.tdp_watts_provenance as tdp_provenance,
        with_ai.tdp_watts_expected_error as tdp_expected_error,
        {{ gflops_per_watt('with_ai.fp32_tflops', 'with_ai.tdp_watts') }} as fp32_gflops_per_watt,
        {{ combined_provenance('with_ai.fp32_tflops_provenance', 'with_ai.tdp_watts_provenance') }}
            as fp32_gflops_per_watt_provenance,
        {{ combined_expected_error(
            'with_ai.fp32_tflops_provenance', 'with_ai.fp32_tflops_expected_error',
            'with_ai.tdp_watts_provenance', 'with_ai.tdp_watts_expected_error'
        ) }} as fp32_gflops_per_watt_expected_error,
        {{ per_watt('with_ai.int8_tops', 'with_ai.tdp_watts') }} as int8_tops_per_watt,
        {{ combined_provenance('with_ai.int8_tops_provenance', 'with_ai.tdp_watts_provenance') }}
            as int8_tops_per_watt_provenance,
        {{ combined_expected_error(
            'with_ai.int8_tops_provenance', 'with_ai.int8_tops_expected_error',
            'with_ai.tdp_watts_provenance', 'with_ai.tdp_watts_expected_error'
        ) }} as int8_tops_per_watt_expected_error,
        {{ per_watt('with_ai.ai_tflops', 'with_ai.tdp_watts') }} as ai_tflops_per_watt,
        {{ combined_provenance('with_ai.ai_tflops_provenance', 'with_ai.tdp_watts_provenance') }}
            as ai_tflops_per_watt_provenance,
        {{ relative_latency_index('with_ai.fp32_tflops') }} as relative_latency_index,
        with_ai.fp32_tflops_provenance as relative_latency_index_provenance,
        {{ ai_performance_category('with_ai.ai_tflops') }} as ai_performance_category,
        with_ai.ai_tflops_provenance as ai_performance_category_provenance,
        {{ ai_efficiency_tier(per_watt('with_ai.ai_tflops', 'with_ai.tdp_watts')) }} as ai_efficiency_tier,
        {{ combined_provenance('with_ai.ai_tflops_provenance', 'with_ai.tdp_watts_provenance') }}
            as ai_efficiency_tier_provenance,
        (case when with_ai.fp32_tflops_provenance = 'reported' then 0 else 1 end)
        + (case when with_ai.fp16_tflops_provenance = 'reported' then 0 else 1 end)
        + (case when with_ai.ai_tflops_provenance = 'reported' then 0 else 1 end)
        + (case when with_ai.int8_tops_provenance = 'reported' then 0 else 1 end)
        + (case when with_ai.tdp_watts_provenance = 'reported' then 0 else 1 end) as imputed_value_count
    from with_ai
    inner join inputs
        on with_ai.hardware_id = inputs.hardware_id
    where inputs.reference_year is not null

)

select * from final
