{#- One row per hardware_key with one value per spec attribute: the first-ranked reported value
    (ml_hardware.csv before the reviewed supplements; the most recently modified ml_hardware row first).
    Where the value came from is kept per attribute in int_hardware__spec_values. -#}
{%- set numeric_attributes = spec_numeric_attributes() -%}
{%- set text_attributes = spec_text_attributes() -%}

with

spec_values as (

    select * from {{ ref('int_hardware__spec_values') }}
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
        max(case when spec_source = 'spec_supplement' then 1 else 0 end) = 1 as has_supplemented_specs
    from spec_values
    group by hardware_key

)

select * from final
