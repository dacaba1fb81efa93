{#- Every published spec value that fails a consistency rule (seeds/reference/spec_consistency_rules.csv), with
    the rule, the value, its source and its plausible range, and whether it is kept out of metrics, tiers,
    matrices and model inputs (is_value_nulled) or kept by a reviewed override. -#}

with

checks as (

    select * from {{ ref('int_specs__consistency_checks') }}

),

hardware as (

    select * from {{ ref('dim_hardware') }}

),

final as (

    select
        checks.consistency_check_id,
        checks.hardware_key as hardware_id,
        hardware.hardware_name,
        checks.rule_id,
        checks.check_name,
        checks.attribute,
        checks.value_source,
        checks.published_value,
        checks.plausible_min,
        checks.plausible_max,
        checks.reason,
        checks.rule_source_url,
        checks.is_kept_by_override,
        checks.is_value_nulled
    from checks
    inner join hardware
        on checks.hardware_key = hardware.hardware_id

)

select * from final
