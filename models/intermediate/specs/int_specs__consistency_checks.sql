{#- Every published spec value checked against physics and the other sources (rules, ranges and reasons:
    seeds/reference/spec_consistency_rules.csv): one row per failure with the rule, the value, where it came
    from and its plausible range. A failure of a rule with nulls_value keeps the value out of everything
    downstream (int_specs__spec_values_checked, dim_hardware_specs' PassMark TDP) unless a reviewed override
    (spec_overrides, action keep) keeps it; a reviewed correction (action correct) replaces the value. -#}
{#- the attributes a multi-GPU board sums over its chips: throughput, memory, bandwidth, power -#}
{%- set per_chip_attributes = [] -%}
{%- for attribute, unit in spec_numeric_attributes().items() if unit in ['TFLOP/s', 'TOP/s', 'GB', 'GB/s', 'W'] -%}
    {%- do per_chip_attributes.append(attribute) -%}
{%- endfor %}

with

spec_values as (

    select * from {{ ref('int_hardware__spec_values') }}

),

derived as (

    select * from {{ ref('int_specs__derived_values') }}

),

capabilities as (

    select * from {{ ref('int_specs__hardware_capabilities') }}

),

segments as (

    select * from {{ ref('int_specs__hardware_segments') }}

),

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

names as (

    select * from {{ ref('int_hardware__names_normalized') }}

),

passmark as (

    select * from {{ ref('stg_passmark__gpu_benchmarks') }}

),

rules as (

    select * from {{ ref('stg_reference__spec_consistency_rules') }}

),

overrides as (

    select * from {{ ref('stg_reference__spec_overrides') }}

),

-- the published value used per hardware and attribute (overrides and derived values are not published)
published_ranked as (

    select
        *,
        row_number() over (partition by hardware_key, attribute order by value_rank) as published_rank
    from spec_values
    where
        spec_source in ('epoch', 'gpu_specs', 'spec_supplement')
        and value_number is not null

),

published as (

    select
        hardware_key,
        attribute,
        spec_source as value_source,
        value_number
    from published_ranked
    where published_rank = 1

),

passmark_tdp as (

    select
        crosswalk.hardware_key,
        'tdp_watts' as attribute,
        'passmark' as value_source,
        {{ median('passmark.tdp_watts') }} as value_number
    from passmark
    inner join crosswalk
        on
            crosswalk.source = 'passmark'
            and passmark.source_row_number = crosswalk.source_row_number
    where passmark.tdp_watts is not null
    group by crosswalk.hardware_key

),

derived_per_key as (

    select
        hardware_key,
        {{ median('fp32_tflops') }} as derived_fp32_tflops,
        {{ median('memory_bandwidth_gb_per_s') }} as derived_bandwidth_gb_per_s
    from derived
    group by hardware_key

),

wide as (

    select
        hardware_key,
        max(case when attribute = 'fp32_tflops' then value_number end) as fp32_tflops,
        max(case when attribute = 'memory_size_gb' then value_number end) as memory_size_gb
    from published
    group by hardware_key

),

candidates as (

    -- sc_001: bandwidth vs memory clock x bus x data rate (ratio published / derived)
    select
        published.hardware_key,
        'bandwidth_vs_bus_clock_rate' as check_name,
        published.attribute,
        published.value_source,
        published.value_number as published_value,
        published.value_number / derived_per_key.derived_bandwidth_gb_per_s as checked_value,
        derived_per_key.derived_bandwidth_gb_per_s as scale
    from published
    inner join derived_per_key
        on published.hardware_key = derived_per_key.hardware_key
    where
        published.attribute = 'memory_bandwidth_gb_per_s'
        and published.value_source <> 'gpu_specs'
        and derived_per_key.derived_bandwidth_gb_per_s > 0
    union all
    -- sc_002: bandwidth of one device
    select
        hardware_key,
        'bandwidth_per_device' as check_name,
        attribute,
        value_source,
        value_number as published_value,
        value_number as checked_value,
        1.0 as scale
    from published
    where attribute = 'memory_bandwidth_gb_per_s'
    union all
    -- sc_003: bandwidth per GB of memory (boards with 2 GB or more)
    select
        published.hardware_key,
        'bandwidth_per_memory_gb' as check_name,
        published.attribute,
        published.value_source,
        published.value_number as published_value,
        published.value_number / wide.memory_size_gb as checked_value,
        wide.memory_size_gb as scale
    from published
    inner join wide
        on published.hardware_key = wide.hardware_key
    where
        published.attribute = 'memory_bandwidth_gb_per_s'
        and wide.memory_size_gb >= 2
    union all
    -- sc_004: FP32 vs FLOP per clock x shading units x base clock (ratio published / derived)
    select
        published.hardware_key,
        'fp32_vs_shading_units_clock' as check_name,
        published.attribute,
        published.value_source,
        published.value_number as published_value,
        published.value_number / derived_per_key.derived_fp32_tflops as checked_value,
        derived_per_key.derived_fp32_tflops as scale
    from published
    inner join derived_per_key
        on published.hardware_key = derived_per_key.hardware_key
    where
        published.attribute = 'fp32_tflops'
        and derived_per_key.derived_fp32_tflops > 0
    union all
    -- sc_005: FP16 / FP32 vs the architecture's FP16 rate (an architecture without FP16: ratio 0 expected)
    select
        published.hardware_key,
        'fp16_ratio_vs_architecture' as check_name,
        published.attribute,
        published.value_source,
        published.value_number as published_value,
        case
            when capabilities.fp16_support = 'none' then null
            -- some sources publish the tensor FP16 rate as FP16: consistent with the architecture too
            when
                published.value_number between wide.fp32_tflops * capabilities.tensor_fp16_to_fp32 * 0.5
                and wide.fp32_tflops * capabilities.tensor_fp16_to_fp32 * 2
                then 1.0
            else published.value_number / wide.fp32_tflops / capabilities.fp16_to_fp32
        end as checked_value,
        wide.fp32_tflops * capabilities.fp16_to_fp32 as scale
    from published
    inner join wide
        on published.hardware_key = wide.hardware_key
    inner join capabilities
        on published.hardware_key = capabilities.hardware_key
    where
        published.attribute = 'fp16_tflops'
        and wide.fp32_tflops > 0
        and (capabilities.fp16_to_fp32 > 0 or capabilities.fp16_support = 'none')
    union all
    -- sc_006 - sc_010: TDP vs the product's segment (spec sources and PassMark)
    select
        tdp.hardware_key,
        {{ dbt.concat(["'tdp_vs_segment:'", 'segments.segment']) }} as check_name,
        tdp.attribute,
        tdp.value_source,
        tdp.value_number as published_value,
        tdp.value_number as checked_value,
        1.0 as scale
    from (
        select * from published
        where attribute = 'tdp_watts'
        union all
        select * from passmark_tdp
    ) as tdp
    inner join segments
        on tdp.hardware_key = segments.hardware_key

),

rule_keys as (

    select
        *,
        case
            when check_name = 'tdp_vs_segment' then {{ dbt.concat(["check_name", "':'", "segment"]) }}
            else check_name
        end as check_key
    from rules

),

range_failures as (

    select
        candidates.hardware_key,
        rule_keys.rule_id,
        rule_keys.check_name,
        candidates.attribute,
        candidates.value_source,
        candidates.published_value,
        rule_keys.min_value * candidates.scale as plausible_min,
        rule_keys.max_value * candidates.scale as plausible_max
    from candidates
    inner join rule_keys
        on candidates.check_name = rule_keys.check_key
    where
        candidates.checked_value is null
        or candidates.checked_value < rule_keys.min_value
        or candidates.checked_value > rule_keys.max_value

),

per_chip_attribute_names as (

    {% for attribute in per_chip_attributes %}
        select '{{ attribute }}' as attribute_name
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

-- sc_011: a name that describes a multi-GPU board or system: every published value of the key
board_keys as (

    select distinct crosswalk.hardware_key
    from crosswalk
    inner join names
        on crosswalk.name_id = names.name_id
    inner join rule_keys
        on rule_keys.check_name = 'board_not_chip'
    where {{ aihw.regexp_matches_ci('names.name_norm', 'rule_keys.name_pattern') }}

),

board_failures as (

    select
        published.hardware_key,
        rule_keys.rule_id,
        rule_keys.check_name,
        published.attribute,
        published.value_source,
        published.value_number as published_value,
        cast(null as {{ type_double() }}) as plausible_min,
        cast(null as {{ type_double() }}) as plausible_max
    from published
    inner join board_keys
        on published.hardware_key = board_keys.hardware_key
    inner join rule_keys
        on rule_keys.check_name = 'board_not_chip'
    inner join per_chip_attribute_names
        on published.attribute = per_chip_attribute_names.attribute_name

),

override_keys as (

    select distinct
        crosswalk.hardware_key,
        overrides.attribute,
        overrides.value,
        overrides.override_action
    from overrides
    inner join crosswalk
        on overrides.hardware_name = crosswalk.name_as_published

),

-- sc_012: the published value differs from a reviewed vendor figure
override_failures as (

    select
        tdp_and_published.hardware_key,
        rule_keys.rule_id,
        rule_keys.check_name,
        tdp_and_published.attribute,
        tdp_and_published.value_source,
        tdp_and_published.value_number as published_value,
        override_keys.value * rule_keys.min_value as plausible_min,
        override_keys.value * rule_keys.max_value as plausible_max
    from (
        select * from published
        union all
        select * from passmark_tdp
    ) as tdp_and_published
    inner join override_keys
        on
            tdp_and_published.hardware_key = override_keys.hardware_key
            and tdp_and_published.attribute = override_keys.attribute
    inner join rule_keys
        on rule_keys.check_name = 'differs_from_reviewed_value'
    where
        override_keys.override_action = 'correct'
        and (
            tdp_and_published.value_number < override_keys.value * rule_keys.min_value
            or tdp_and_published.value_number > override_keys.value * rule_keys.max_value
        )

),

failures as (

    select * from range_failures
    union all
    select * from board_failures
    union all
    select * from override_failures

),

final as (

    select
        {{ dbt.concat([
            "failures.hardware_key", "':'", "failures.rule_id", "':'",
            "coalesce(failures.attribute, '-')", "':'", "failures.value_source"
        ]) }} as consistency_check_id,
        failures.hardware_key,
        failures.rule_id,
        failures.check_name,
        failures.attribute,
        failures.value_source,
        failures.published_value,
        failures.plausible_min,
        failures.plausible_max,
        rule_keys.reason,
        rule_keys.source_url as rule_source_url,
        kept.hardware_key is not null as is_kept_by_override,
        rule_keys.nulls_value and kept.hardware_key is null as is_value_nulled
    from failures
    inner join rule_keys
        on failures.rule_id = rule_keys.rule_id
    left join override_keys as kept
        on
            failures.hardware_key = kept.hardware_key
            and failures.attribute = kept.attribute
            and kept.override_action = 'keep'

)

select * from final
