{#- Every hardware name from every source (one row per source row), with its manufacturer resolved and a
    normalised matching key. Manufacturer: the source's own spelling through manufacturer_aliases when it
    names one; otherwise (PassMark, MLPerf accelerators, Epoch blanks, API 'Other') the first
    manufacturer_rules pattern that matches the name; otherwise 'Unknown'. The normalised name has the reviewed
    spelling rewrites applied (hardware_name_rewrites: 'Laptop GPU' -> 'Mobile', ...). The sources and the
    column holding each one's name: identity_sources() (macros/sources/). -#}

{%- set sources = identity_sources() -%}

with

manufacturer_aliases as (

    select * from {{ ref('stg_reference__manufacturer_aliases') }}

),

manufacturer_rules as (

    select * from {{ ref('stg_reference__manufacturer_rules') }}

),

unioned as (

    {% for source in sources %}
        select
            '{{ source.source }}' as source,
            source_row_number,
            {{ source.name_column }} as name_as_published,
            {{ source.manufacturer_column or 'cast(null as ' ~ dbt.type_string() ~ ')' }} as manufacturer_raw
        from {{ ref(source.staging_model) }}
        {% if source.name_filter %}where {{ source.name_filter }}{% endif %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

alias_lookup as (

    -- spellings differing only in case (Nvidia / NVIDIA) map to the same canonical name
    select distinct
        lower(manufacturer_raw) as manufacturer_raw_lower,
        manufacturer_name
    from manufacturer_aliases

),

normalized as (

    select
        source,
        source_row_number,
        name_as_published,
        manufacturer_raw,
        {{ aihw.apply_name_rewrites(
            aihw.hardware_name_norm('name_as_published'), ref('stg_reference__hardware_name_rewrites')
        ) }} as name_norm
    from unioned
    where name_as_published is not null

),

with_match_key as (

    select
        *,
        {{ aihw.hardware_match_key('name_norm', 'name_as_published') }} as match_key
    from normalized

),

alias_resolved as (

    select
        with_match_key.*,
        alias_lookup.manufacturer_name as alias_manufacturer_name
    from with_match_key
    left join alias_lookup
        on lower(with_match_key.manufacturer_raw) = alias_lookup.manufacturer_raw_lower

),

rule_decided as (

    -- the manufacturer_rules compiled into one expression (first matching rule in priority order)
    select
        source,
        source_row_number,
        {{ aihw.first_matching_rule('name_norm', ref('stg_reference__manufacturer_rules')) }} as rule_id
    from alias_resolved
    where
        alias_manufacturer_name is null
        or alias_manufacturer_name = 'Unknown'

),

first_rule as (

    select
        rule_decided.source,
        rule_decided.source_row_number,
        rule_decided.rule_id,
        manufacturer_rules.manufacturer_name
    from rule_decided
    inner join manufacturer_rules
        on rule_decided.rule_id = manufacturer_rules.rule_id

),

final as (

    select
        {{ dbt.concat(['alias_resolved.source', "':'", dbt.safe_cast('alias_resolved.source_row_number', dbt.type_string())]) }} as name_id,
        alias_resolved.source,
        alias_resolved.source_row_number,
        alias_resolved.name_as_published,
        alias_resolved.manufacturer_raw,
        coalesce(
            case when alias_resolved.alias_manufacturer_name <> 'Unknown' then alias_resolved.alias_manufacturer_name end,
            first_rule.manufacturer_name,
            'Unknown'
        ) as manufacturer_name,
        case
            when alias_resolved.alias_manufacturer_name <> 'Unknown' then 'manufacturer_aliases'
            when first_rule.rule_id is not null then first_rule.rule_id
            else 'unknown'
        end as manufacturer_decided_by,
        alias_resolved.name_norm,
        alias_resolved.match_key
    from alias_resolved
    left join first_rule
        on alias_resolved.source = first_rule.source
            and alias_resolved.source_row_number = first_rule.source_row_number

)

select * from final
