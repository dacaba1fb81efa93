{#- Phase 1 (no python_ml input): one row per product and quantity (FP32, FP16, tensor FP16/BF16 TFLOP/s,
    INT8 TOP/s, TDP W) with the reported value (FP32: reported or derived from the spec sheet), or where it
    is missing a rule-based estimate (macro rule_based_estimate_select: the architecture capability ratio x
    FP32; TDP the architecture median), with its provenance and the method's expected error
    (median absolute percentage error measured in fct_imputation_method_errors). FP32 itself is never
    imputed here: its estimates come from python_ml in phase 2. -#}
{%- set quantities = imputed_quantities() -%}

with

inputs as (

    select * from {{ ref('dim_hardware_specs') }}

),

priors as (

    select * from {{ ref('fct_imputation_ratio_priors') }}

),

method_errors as (

    select * from {{ ref('fct_imputation_method_errors') }}

),

capabilities as (

    select * from {{ ref('int_specs__hardware_capabilities') }}

),

segments as (

    select * from {{ ref('int_specs__hardware_segments') }}

),

estimated as (

    select
        hardware_id,
        'fp32_tflops' as quantity,
        fp32_tflops as reported_value,
        fp32_tflops_provenance as reported_provenance,
        cast(null as {{ type_double() }}) as estimated_value,
        cast(null as {{ dbt.type_string() }}) as estimate_method
    from inputs
    {% for quantity in quantities %}
        union all
        {{ rule_based_estimate_select(quantity, 'inputs', 'priors', 'capabilities', 'segments') }}
    {% endfor %}

),

final as (

    select
        {{ dbt.concat(["estimated.hardware_id", "':'", "estimated.quantity"]) }} as hardware_quantity_id,
        estimated.hardware_id,
        estimated.quantity,
        coalesce(estimated.reported_value, estimated.estimated_value) as value,
        {{ value_provenance('estimated.reported_value', 'estimated.estimate_method', 'estimated.reported_provenance') }}
            as value_provenance,
        case
            when estimated.reported_value is null then method_errors.median_absolute_percentage_error
        end as expected_absolute_percentage_error
    from estimated
    left join method_errors
        on
            estimated.quantity = method_errors.quantity
            and estimated.estimate_method = method_errors.method
    where coalesce(estimated.reported_value, estimated.estimated_value) is not null

)

select * from final
