{#- One row per hardware_key with one value per spec attribute: the first-ranked value (ml_hardware.csv, then
    the spec sheet, then the reviewed supplements, then values derived from spec-sheet fields; the most
    recently modified ml_hardware row first), and <attribute>_provenance for the attributes that can be
    derived (reported or derived:<formula>).
    Values the consistency checks keep out are not used (int_specs__spec_values_checked); where each value came
    from is kept per attribute in int_hardware__spec_values. -#}
{%- set numeric_attributes = spec_numeric_attributes() -%}
{%- set text_attributes = spec_text_attributes() -%}

with

spec_values as (

    select * from {{ ref('int_specs__spec_values_checked') }}
    where value_rank = 1

),

final as (

    select
        hardware_key,
        {% for attribute in numeric_attributes %}
            max(case when attribute = '{{ attribute }}' then value_number end) as {{ attribute }},
        {% endfor %}
        {% for attribute in text_attributes if attribute != 'release_date' %}
            max(case when attribute = '{{ attribute }}' then value_text end) as {{ attribute }},
        {% endfor %}
        cast(max(case when attribute = 'release_date' then value_text end) as date) as release_date,
        {% for attribute in spec_derivations() %}
            max(case when attribute = '{{ attribute }}' then value_provenance end) as {{ attribute }}_provenance,
        {% endfor %}
        max(case when spec_source = 'spec_supplement' then 1 else 0 end) = 1 as has_supplemented_specs,
        max(case when spec_source in ('epoch', 'spec_supplement') then 1 else 0 end) = 1 as has_accelerator_spec_row
    from spec_values
    group by hardware_key

)

select * from final
