{#- One row per physical (or virtual) product across the four sources: the conformed hardware identity.
    Virtual GPUs (vGPU profiles, MIG slices, virtualized MLPerf systems) are kept with parent_hardware_id
    pointing at the physical product. -#}

with

identities as (

    select * from {{ ref('int_hardware__architecture_inferred') }}

),

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

specs as (

    select * from {{ ref('int_hardware__specs') }}

),

passmark as (

    select * from {{ ref('stg_passmark__gpu_benchmarks') }}

),

-- display name: the spelling of the source with the lowest display_name_rank (identity_sources(): Epoch's first,
-- then MLPerf's, PassMark's, the API scores', the spec sheet's)
names_ranked as (

    select
        hardware_key,
        name_as_published,
        row_number() over (
            partition by hardware_key
            order by
                case source
                    {% for source in identity_sources() %}
                        when '{{ source.source }}' then {{ source.display_name_rank }}
                    {% endfor %}
                end,
                name_as_published
        ) as name_rank
    from crosswalk

),

source_presence as (

    select
        hardware_key,
        {% for source in identity_sources() %}
            max(case when source = '{{ source.source }}' then 1 else 0 end) = 1 as is_in_{{ source.source }},
        {% endfor %}
        count(distinct source) as source_count
    from crosswalk
    group by hardware_key

),

first_benchmarked as (

    select
        crosswalk.hardware_key,
        min(passmark.test_year) as first_benchmarked_year
    from crosswalk
    inner join passmark
        on
            crosswalk.source = 'passmark'
            and crosswalk.source_row_number = passmark.source_row_number
    group by crosswalk.hardware_key

),

final as (

    select
        identities.hardware_key as hardware_id,
        names_ranked.name_as_published as hardware_name,
        {{ name_to_id('identities.manufacturer_name') }} as manufacturer_id,
        case
            when identities.architecture_name is not null then {{ name_to_id('identities.architecture_name') }}
        end as architecture_id,
        {{ name_to_id(canonical_hardware_type(
            "case when specs.hardware_type is null and source_presence.is_in_epoch = false "
            ~ "and (source_presence.is_in_passmark or source_presence.is_in_gpu_api_scores or source_presence.is_in_gpu_specs) then 'GPU' "
            ~ "else specs.hardware_type end"
        )) }} as hardware_type_id,
        identities.parent_hardware_key as parent_hardware_id,
        identities.parent_hardware_key is not null as is_virtual,
        identities.architecture_decided_by,
        identities.is_manufacturer_reported,
        specs.release_date,
        cast({{ dbt.date_trunc('year', 'specs.release_date') }} as date) as release_year_start,
        first_benchmarked.first_benchmarked_year,
        specs.tdp_watts,
        specs.base_clock_mhz,
        specs.boost_clock_mhz,
        specs.tensor_cores,
        specs.intranode_bandwidth_gb_per_s,
        specs.internode_bandwidth_gbit_per_s,
        specs.datasheet_url,
        coalesce(specs.has_accelerator_spec_row, false) as has_spec_row,
        coalesce(specs.has_supplemented_specs, false) as has_supplemented_specs,
        {% for source in identity_sources() %}
            source_presence.is_in_{{ source.source }},
        {% endfor %}
        source_presence.source_count
    from identities
    inner join names_ranked
        on
            identities.hardware_key = names_ranked.hardware_key
            and names_ranked.name_rank = 1
    inner join source_presence
        on identities.hardware_key = source_presence.hardware_key
    left join specs
        on identities.hardware_key = specs.hardware_key
    left join first_benchmarked
        on identities.hardware_key = first_benchmarked.hardware_key

)

select * from final
