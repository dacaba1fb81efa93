{#- Every reported spec value, long form: one row per (hardware_key, attribute, source row). Values come from
    ml_hardware.csv (via the crosswalk) and from the reviewed spec supplements (each with its source URL).
    int_hardware__specs picks one value per hardware and attribute from here. -#}
{%- set numeric_attributes = spec_numeric_attributes() -%}
{%- set text_attributes = spec_text_attributes() -%}

with

epoch as (

    select * from {{ ref('stg_epoch__ml_hardware') }}

),

supplements as (

    select * from {{ ref('stg_reference__hardware_spec_supplements') }}

),

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

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
        cast(null as {{ dbt.type_int() }}) as source_row_number,
        supplements.source_url,
        cast(null as {{ dbt.type_timestamp() }}) as last_modified_at
    from supplements
    inner join supplement_keys
        on supplements.hardware_name = supplement_keys.name_as_published
    left join numeric_attribute_names
        on supplements.attribute = numeric_attribute_names.attribute_name

),

unioned as (

    select * from epoch_values
    union all
    select * from supplement_values

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
        source_row_number,
        source_url,
        last_modified_at,
        row_number() over (
            partition by hardware_key, attribute
            order by
                case spec_source when 'epoch' then 1 else 2 end asc,
                last_modified_at desc nulls last,
                source_row_number asc
        ) as value_rank
    from unioned

)

select * from final
