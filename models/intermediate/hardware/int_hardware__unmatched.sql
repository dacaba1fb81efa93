{#- Raw rows whose hardware identity (physical_hardware_key) occurs in no other source, with the reason. -#}

with

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

spec_supplements as (

    select distinct hardware_name from {{ ref('stg_reference__hardware_spec_supplements') }}

),

unmatched as (

    select * from crosswalk
    where not is_matched_across_sources

),

final as (

    select
        unmatched.name_id,
        unmatched.source,
        unmatched.source_row_number,
        unmatched.name_as_published,
        unmatched.manufacturer_name,
        unmatched.hardware_key,
        unmatched.physical_hardware_key,
        case
            when unmatched.manufacturer_name in ('Virtual / emulated', 'Mesa (software)')
                then 'virtual_or_software_adapter'
            when unmatched.manufacturer_name = 'Unknown'
                then 'manufacturer_unknown'
            when spec_supplements.hardware_name is not null
                then 'distinct_sku_specs_in_supplements'
            when unmatched.source = 'epoch'
                then 'accelerator_not_benchmarked_elsewhere'
            else 'no_counterpart_in_other_sources'
        end as unmatched_reason
    from unmatched
    left join spec_supplements
        on unmatched.source in ('mlperf', 'mlperf_rounds')
            and unmatched.name_as_published = spec_supplements.hardware_name

)

select * from final
