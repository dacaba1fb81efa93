{#- One row per hardware_key with an architecture: the architecture_capabilities row that applies to it - the
    first chip-specific row (priority order) whose chip_pattern matches one of the key's spec-sheet GPU chips
    (GA100 vs GA10x, TU11x, GB100 ...), else the architecture's general row (no chip_pattern). Keys whose
    architecture has no row get none: no FP16, tensor or INT8 figure is ever imputed for them. -#}

with

identities as (

    select * from {{ ref('int_hardware__architecture_inferred') }}

),

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

gpu_specs as (

    select * from {{ ref('stg_gpu_specs__gpu_specs') }}

),

capabilities as (

    select * from {{ ref('stg_reference__architecture_capabilities') }}

),

key_chips as (

    select distinct
        identities.hardware_key,
        identities.architecture_name,
        {{ aihw.hardware_name_norm('gpu_specs.gpu_chip') }} as chip_norm
    from identities
    inner join crosswalk
        on identities.hardware_key = crosswalk.hardware_key
    inner join gpu_specs
        on
            crosswalk.source = 'gpu_specs'
            and crosswalk.source_row_number = gpu_specs.source_row_number
    where
        identities.architecture_name is not null
        and gpu_specs.gpu_chip is not null

),

chip_rule_ids as (

    select
        hardware_key,
        {{ aihw.first_matching_rule(
            'chip_norm',
            ref('stg_reference__architecture_capabilities'),
            {'architecture_name': 'architecture_name'}
        ) }} as rule_id
    from key_chips

),

chip_matches as (

    select
        chip_rule_ids.hardware_key,
        capabilities.capability_id,
        row_number() over (
            partition by chip_rule_ids.hardware_key
            order by capabilities.priority, capabilities.capability_id
        ) as match_rank
    from chip_rule_ids
    inner join capabilities
        on chip_rule_ids.rule_id = capabilities.rule_id

),

general_rows as (

    select * from capabilities
    where name_pattern is null

),

resolved as (

    select
        identities.hardware_key,
        identities.architecture_name,
        coalesce(chip_matches.capability_id, general_rows.capability_id) as capability_id
    from identities
    left join chip_matches
        on
            identities.hardware_key = chip_matches.hardware_key
            and chip_matches.match_rank = 1
    left join general_rows
        on identities.architecture_name = general_rows.architecture_name

),

final as (

    select
        resolved.hardware_key,
        resolved.architecture_name,
        capabilities.capability_id,
        capabilities.fp32_flop_per_shader_clock,
        capabilities.fp16_support,
        capabilities.fp16_to_fp32,
        capabilities.tensor_units,
        capabilities.tensor_fp16_to_fp32,
        capabilities.int8_path,
        capabilities.int8_to_fp32,
        capabilities.sparsity_convention
    from resolved
    inner join capabilities
        on resolved.capability_id = capabilities.capability_id

)

select * from final
