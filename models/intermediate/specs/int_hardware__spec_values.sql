{#- Every spec value, long form: one row per (hardware_key, attribute, source row). Values come from
    ml_hardware.csv (via the crosswalk), the spec sheet gpu_specs_v6.csv (via the crosswalk), the reviewed spec
    supplements (each with its source URL) and the values derived from spec-sheet fields
    (int_specs__derived_values, provenance derived:<formula>). Precedence per hardware and attribute
    (value_rank 1 is used downstream): a reviewed correction (spec_overrides, action correct), then Epoch,
    the spec sheet, the supplements (all reported), then derived. int_specs__spec_values_checked drops the
    values the consistency checks keep out and re-ranks; int_hardware__specs picks the first-ranked value. -#}
{%- set numeric_attributes = spec_numeric_attributes() -%}
{%- set text_attributes = spec_text_attributes() -%}
{#- the spec sheet's reported fields, named like the attributes (units in the names) -#}
{%- set gpu_specs_attributes = ['memory_size_gb', 'memory_bus_bits', 'base_clock_mhz', 'memory_clock_mhz'] -%}
{%- set spec_source_ranks = {'spec_override': 0, 'epoch': 1, 'gpu_specs': 2, 'spec_supplement': 3, 'gpu_specs_derived': 4} -%}

with

epoch as (

    select * from {{ ref('stg_epoch__ml_hardware') }}

),

supplements as (

    select * from {{ ref('stg_reference__hardware_spec_supplements') }}

),

overrides as (

    select * from {{ ref('stg_reference__spec_overrides') }}
    where override_action = 'correct'

),

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

gpu_specs as (

    select * from {{ ref('stg_gpu_specs__gpu_specs') }}

),

derived as (

    select * from {{ ref('int_specs__derived_values') }}

),

gpu_specs_keyed as (

    select
        crosswalk.hardware_key,
        gpu_specs.*
    from gpu_specs
    inner join crosswalk
        on
            crosswalk.source = 'gpu_specs'
            and gpu_specs.source_row_number = crosswalk.source_row_number

),

epoch_keyed as (

    select
        crosswalk.hardware_key,
        epoch.*
    from epoch
    inner join crosswalk
        on
            crosswalk.source = 'epoch'
            and epoch.source_row_number = crosswalk.source_row_number

),

-- a supplement row is written under a published name (mostly MLPerf's); resolve it like that name
supplement_keys as (

    select distinct
        name_as_published,
        hardware_key
    from crosswalk

),

epoch_values as (

    {% for attribute in numeric_attributes %}
        select
            hardware_key,
            '{{ attribute }}' as attribute,
            cast({{ attribute }} as {{ type_double() }}) as value_number,
            cast(null as {{ dbt.type_string() }}) as value_text,
            'epoch' as spec_source,
            'reported' as value_provenance,
            source_row_number,
            datasheet_url as source_url,
            last_modified_at
        from epoch_keyed
        where {{ attribute }} is not null
        union all
    {% endfor %}
    {% for attribute in text_attributes %}
        select
            hardware_key,
            '{{ attribute }}' as attribute,
            cast(null as {{ type_double() }}) as value_number,
            cast({{ attribute }} as {{ dbt.type_string() }}) as value_text,
            'epoch' as spec_source,
            'reported' as value_provenance,
            source_row_number,
            datasheet_url as source_url,
            last_modified_at
        from epoch_keyed
        where {{ attribute }} is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

numeric_attribute_names as (

    {% for attribute in numeric_attributes %}
        select '{{ attribute }}' as attribute_name
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

supplement_values as (

    select
        supplement_keys.hardware_key,
        supplements.attribute,
        case
            when numeric_attribute_names.attribute_name is not null then {{ to_double('supplements.value') }}
        end as value_number,
        case
            when numeric_attribute_names.attribute_name is null then supplements.value
        end as value_text,
        'spec_supplement' as spec_source,
        'reported' as value_provenance,
        cast(null as {{ dbt.type_int() }}) as source_row_number,
        supplements.source_url,
        cast(null as {{ dbt.type_timestamp() }}) as last_modified_at
    from supplements
    inner join supplement_keys
        on supplements.hardware_name = supplement_keys.name_as_published
    left join numeric_attribute_names
        on supplements.attribute = numeric_attribute_names.attribute_name

),

gpu_specs_values as (

    {% for attribute in gpu_specs_attributes %}
        select
            hardware_key,
            '{{ attribute }}' as attribute,
            cast({{ attribute }} as {{ type_double() }}) as value_number,
            cast(null as {{ dbt.type_string() }}) as value_text,
            'gpu_specs' as spec_source,
            'reported' as value_provenance,
            source_row_number,
            cast(null as {{ dbt.type_string() }}) as source_url,
            cast(null as {{ dbt.type_timestamp() }}) as last_modified_at
        from gpu_specs_keyed
        where {{ attribute }} is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

derived_values as (

    {% for attribute, provenance in spec_derivations().items() %}
        select
            hardware_key,
            '{{ attribute }}' as attribute,
            {{ attribute }} as value_number,
            cast(null as {{ dbt.type_string() }}) as value_text,
            'gpu_specs_derived' as spec_source,
            '{{ provenance }}' as value_provenance,
            source_row_number,
            cast(null as {{ dbt.type_string() }}) as source_url,
            cast(null as {{ dbt.type_timestamp() }}) as last_modified_at
        from derived
        where {{ attribute }} is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

override_values as (

    select distinct
        crosswalk.hardware_key,
        overrides.attribute,
        overrides.value as value_number,
        cast(null as {{ dbt.type_string() }}) as value_text,
        'spec_override' as spec_source,
        'reported' as value_provenance,
        cast(null as {{ dbt.type_int() }}) as source_row_number,
        overrides.source_url,
        cast(null as {{ dbt.type_timestamp() }}) as last_modified_at
    from overrides
    inner join crosswalk
        on overrides.hardware_name = crosswalk.name_as_published

),

unioned as (

    select * from override_values
    union all
    select * from epoch_values
    union all
    select * from gpu_specs_values
    union all
    select * from supplement_values
    union all
    select * from derived_values

),

final as (

    select
        {{ dbt.concat([
            "hardware_key", "':'", "attribute", "':'", "spec_source", "':'",
            "coalesce(cast(source_row_number as " ~ dbt.type_string() ~ "), '-')"
        ]) }} as spec_value_id,
        hardware_key,
        attribute,
        value_number,
        value_text,
        spec_source,
        value_provenance,
        source_row_number,
        source_url,
        last_modified_at,
        row_number() over (
            partition by hardware_key, attribute
            order by
                case spec_source
                    {% for spec_source, source_rank in spec_source_ranks.items() %}
                        when '{{ spec_source }}' then {{ source_rank }}
                    {% endfor %}
                end asc,
                last_modified_at desc nulls last,
                source_row_number asc
        ) as value_rank
    from unioned

)

select * from final
