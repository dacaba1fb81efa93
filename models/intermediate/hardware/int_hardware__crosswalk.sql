{#- One row per source row: which conformed hardware identity (hardware_key) the published name resolves to.
    1. hardware_aliases (curated): same_product -> the canonical name's key; virtual_slice_of / virtualized ->
       the row keeps its own key and gets the physical GPU as parent_hardware_key.
    2. otherwise the row's own match key; it counts as matched when another source has the same key.
    physical_hardware_key = coalesce(parent_hardware_key, hardware_key) is what cross-source matching uses. -#}

with

names as (

    select * from {{ ref('int_hardware__names_normalized') }}

),

hardware_aliases as (

    select * from {{ ref('stg_reference__hardware_aliases') }}

),

alias_keys as (

    select
        source,
        name_as_published,
        relation,
        {{ aihw.hardware_match_key(aihw.hardware_name_norm('canonical_name')) }} as canonical_match_key
    from hardware_aliases

),

aliased as (

    select
        names.name_id,
        names.source,
        names.source_row_number,
        names.name_as_published,
        names.manufacturer_name,
        names.match_key,
        alias_keys.relation,
        alias_keys.canonical_match_key
    from names
    left join alias_keys
        on {{ aihw.hardware_alias_source('names.source') }} = alias_keys.source
            and names.name_as_published = alias_keys.name_as_published

),

keyed as (

    select
        *,
        {{ aihw.hardware_slug("case when relation = 'same_product' then canonical_match_key else match_key end") }} as hardware_key,
        case
            when relation in ('virtual_slice_of', 'virtualized')
                then {{ aihw.hardware_slug('canonical_match_key') }}
        end as parent_hardware_key
    from aliased

),

with_physical_key as (

    select
        *,
        coalesce(parent_hardware_key, hardware_key) as physical_hardware_key
    from keyed

),

sources_per_key as (

    select
        physical_hardware_key,
        count(distinct source) as source_count
    from with_physical_key
    group by physical_hardware_key

),

final as (

    select
        with_physical_key.name_id,
        with_physical_key.source,
        with_physical_key.source_row_number,
        with_physical_key.name_as_published,
        with_physical_key.manufacturer_name,
        with_physical_key.hardware_key,
        with_physical_key.parent_hardware_key,
        with_physical_key.physical_hardware_key,
        case
            when with_physical_key.relation is not null then {{ dbt.concat(["'alias_'", 'with_physical_key.relation']) }}
            when sources_per_key.source_count > 1 then 'exact_match_key'
            else 'own_key'
        end as match_rule,
        case
            when with_physical_key.relation is not null then 'curated'
            when sources_per_key.source_count > 1 then 'high'
            else 'none'
        end as confidence,
        sources_per_key.source_count > 1 as is_matched_across_sources,
        sources_per_key.source_count as sources_sharing_physical_key
    from with_physical_key
    inner join sources_per_key
        on with_physical_key.physical_hardware_key = sources_per_key.physical_hardware_key

)

select * from final
