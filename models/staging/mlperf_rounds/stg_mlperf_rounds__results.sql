{#- One row per row of the round files (mlperf_rounds/*.csv, landed into one seed with _source_file). Results
    are per system, in the published unit label (judged later: int_mlperf__unit_checks). round is written
    'v3.1'; round_order sorts rounds (major x 100 + minor). Typed numeric columns are NULL outside their
    physical bounds (seeds/reference/physical_bounds.csv); accelerator_name is the published name, or the SKU
    the source location names where one name stands for several (mlperf_accelerator_variants); a row repeating an earlier row's duplicate_key
    (macros/sources/mlperf_rounds.sql) stays, but its system_result is NULL (counted once). -#}
{%- set bounds = physical_bounds('mlperf_rounds') -%}
{%- set declared = raw_source__mlperf_rounds() -%}

with

source as (

    select * from {{ ref('raw_mlperf_rounds__results') }}

),

renamed as (

    select
        cast({{ adapter.quote('_row_number') }} as {{ dbt.type_int() }}) as source_row_number,
        cast({{ adapter.quote('_line_number') }} as {{ dbt.type_int() }}) as source_line_number,
        {{ clean_text(adapter.quote('_source_file')) }} as source_file,
        {{ clean_text(adapter.quote('round')) }} as round_as_published,
        {{ clean_text(adapter.quote('division')) }} as division,
        {{ clean_text(adapter.quote('category')) }} as category,
        {{ clean_text(adapter.quote('organization')) }} as organization,
        {{ clean_text(adapter.quote('system_name')) }} as system_name,
        {{ clean_text(adapter.quote('platform')) }} as platform,
        {{ clean_text(adapter.quote('accelerator')) }} as accelerator_name_as_published,
        {{ to_bounded_int(bounds, 'accelerators_per_node', adapter.quote('accelerators_per_node')) }} as accelerators_per_node,
        {{ to_bounded_int(bounds, 'node_count', adapter.quote('nodes')) }} as node_count,
        {{ to_bounded_int(bounds, 'total_accelerators', adapter.quote('total_accelerators')) }} as total_accelerators,
        {{ clean_text(adapter.quote('model')) }} as benchmark_model_as_published,
        {{ clean_text(adapter.quote('scenario')) }} as scenario,
        {{ clean_text(adapter.quote('units')) }} as units,
        {{ to_bounded_double(bounds, 'system_result', adapter.quote('result')) }} as system_result,
        {{ clean_text(adapter.quote('availability')) }} as availability,
        {{ aihw.to_int(adapter.quote('inferred')) }} = 1 as is_inferred,
        {{ to_bounded_double(bounds, 'tokens_per_sample', adapter.quote('tokens_per_sample')) }} as tokens_per_sample,
        {{ clean_text(adapter.quote('source')) }} as source_reference,
        {{ clean_text(adapter.quote('source_location')) }} as source_location
    from source

),

variants as (

    select * from {{ ref('stg_reference__mlperf_accelerator_variants') }}

),

-- a name that stands for several SKUs across rounds resolves to the SKU its source location names
with_round as (

    select
        renamed.*,
        coalesce(variants.accelerator_name, renamed.accelerator_name_as_published) as accelerator_name,
        {{ dbt.concat(["'v'", 'renamed.round_as_published']) }} as round,
        {{ aihw.mlperf_round_order('renamed.round_as_published') }} as round_order
    from renamed
    left join variants
        on
            renamed.accelerator_name_as_published = variants.accelerator_name_as_published
            and {{ dbt.position('variants.source_location_contains', 'renamed.source_location') }} > 0

),

counted_once as (

    select
        source_row_number,
        source_line_number,
        source_file,
        round_as_published,
        round,
        round_order,
        division,
        category,
        organization,
        system_name,
        platform,
        accelerator_name_as_published,
        accelerator_name,
        accelerators_per_node,
        node_count,
        total_accelerators,
        benchmark_model_as_published,
        scenario,
        units,
        {{ counted_once(declared, 'system_result') }} as system_result,
        availability,
        is_inferred,
        tokens_per_sample,
        source_reference,
        source_location
    from with_round

)

select * from counted_once
