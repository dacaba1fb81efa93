{#- One row per hardware_key: manufacturer and inferred architecture.
    Manufacturer: the most frequent manufacturer among the key's source rows, preferring names whose source
    states the manufacturer (manufacturer_aliases) over names where a rule inferred it.
    Architecture: architecture_rules of that manufacturer evaluated on every distinct normalised name of the
    key; the matching rule with the lowest priority decides. Where no name rule matches, the GPU chip code of
    the key's spec-sheet rows (gpu_specs: GA102, Navi 21, ...) decides through gpu_chip_architectures. No
    source reports an architecture, so architecture_decided_by is a rule_id (arch_NNN, chip_NNN) or 'unknown'. -#}

with

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

names as (

    select * from {{ ref('int_hardware__names_normalized') }}

),

architecture_rules as (

    select * from {{ ref('stg_reference__architecture_rules') }}

),

architectures as (

    select * from {{ ref('stg_reference__architectures') }}

),

chip_rules as (

    select * from {{ ref('stg_reference__gpu_chip_architectures') }}

),

gpu_specs as (

    select * from {{ ref('stg_gpu_specs__gpu_specs') }}

),

members as (

    select
        crosswalk.hardware_key,
        crosswalk.parent_hardware_key,
        names.name_as_published,
        names.name_norm,
        names.manufacturer_name,
        names.manufacturer_decided_by
    from crosswalk
    inner join names
        on crosswalk.name_id = names.name_id

),

manufacturer_votes as (

    select
        hardware_key,
        manufacturer_name,
        max(case when manufacturer_decided_by = 'manufacturer_aliases' then 1 else 0 end) as is_reported,
        count(*) as row_count
    from members
    group by hardware_key, manufacturer_name

),

manufacturer_ranked as (

    select
        *,
        row_number() over (
            partition by hardware_key
            order by is_reported desc, row_count desc, manufacturer_name asc
        ) as manufacturer_rank
    from manufacturer_votes

),

key_manufacturer as (

    select
        hardware_key,
        manufacturer_name,
        is_reported = 1 as is_manufacturer_reported
    from manufacturer_ranked
    where manufacturer_rank = 1

),

key_names as (

    select distinct
        members.hardware_key,
        members.name_norm,
        key_manufacturer.manufacturer_name
    from members
    inner join key_manufacturer
        on members.hardware_key = key_manufacturer.hardware_key

),

name_rules as (

    -- the architecture_rules of the key's manufacturer compiled into one expression: the first matching rule
    -- (priority order) of every distinct name of the key
    select
        hardware_key,
        {{ aihw.first_matching_rule(
            'name_norm',
            ref('stg_reference__architecture_rules'),
            {'manufacturer_name': 'manufacturer_name'}
        ) }} as rule_id
    from key_names

),

rule_matches as (

    select
        name_rules.hardware_key,
        architecture_rules.rule_id,
        architecture_rules.architecture_name,
        row_number() over (
            partition by name_rules.hardware_key
            order by architecture_rules.priority, architecture_rules.rule_id
        ) as rule_rank
    from name_rules
    inner join architecture_rules
        on name_rules.rule_id = architecture_rules.rule_id

),

first_rule as (

    select * from rule_matches
    where rule_rank = 1

),

key_chips as (

    select distinct
        crosswalk.hardware_key,
        key_manufacturer.manufacturer_name,
        {{ aihw.hardware_name_norm('gpu_specs.gpu_chip') }} as chip_norm
    from crosswalk
    inner join gpu_specs
        on
            crosswalk.source = 'gpu_specs'
            and crosswalk.source_row_number = gpu_specs.source_row_number
    inner join key_manufacturer
        on crosswalk.hardware_key = key_manufacturer.hardware_key
    where gpu_specs.gpu_chip is not null

),

chip_rule_ids as (

    -- the gpu_chip_architectures of the key's manufacturer compiled into one expression, per distinct chip
    select
        hardware_key,
        {{ aihw.first_matching_rule(
            'chip_norm',
            ref('stg_reference__gpu_chip_architectures'),
            {'manufacturer_name': 'manufacturer_name'}
        ) }} as rule_id
    from key_chips

),

chip_matches as (

    select
        chip_rule_ids.hardware_key,
        chip_rules.rule_id,
        chip_rules.architecture_name,
        row_number() over (
            partition by chip_rule_ids.hardware_key
            order by chip_rules.priority, chip_rules.rule_id
        ) as rule_rank
    from chip_rule_ids
    inner join chip_rules
        on chip_rule_ids.rule_id = chip_rules.rule_id

),

first_chip_rule as (

    select * from chip_matches
    where rule_rank = 1

),

key_summary as (

    select
        hardware_key,
        max(parent_hardware_key) as parent_hardware_key,
        min(name_as_published) as example_name,
        count(*) as source_row_count
    from members
    group by hardware_key

),

final as (

    select
        key_summary.hardware_key,
        key_summary.parent_hardware_key,
        key_summary.example_name,
        key_summary.source_row_count,
        key_manufacturer.manufacturer_name,
        key_manufacturer.is_manufacturer_reported,
        coalesce(first_rule.architecture_name, first_chip_rule.architecture_name) as architecture_name,
        coalesce(first_rule.rule_id, first_chip_rule.rule_id, 'unknown') as architecture_decided_by,
        architectures.launch_year as architecture_launch_year
    from key_summary
    inner join key_manufacturer
        on key_summary.hardware_key = key_manufacturer.hardware_key
    left join first_rule
        on key_summary.hardware_key = first_rule.hardware_key
    left join first_chip_rule
        on key_summary.hardware_key = first_chip_rule.hardware_key
    left join architectures
        on coalesce(first_rule.architecture_name, first_chip_rule.architecture_name) = architectures.architecture_name

)

select * from final
