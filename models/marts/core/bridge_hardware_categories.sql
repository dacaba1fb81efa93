{#- Hardware x category, from PassMark's category strings split on commas ('Mobile, Workstation' gives two
    rows). Hardware never categorised by PassMark gets no row. -#}
{%- set categories = ['Desktop', 'Mobile', 'Workstation', 'Unknown'] -%}

with

passmark as (

    select * from {{ ref('stg_passmark__gpu_benchmarks') }}

),

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

categorised as (

    select
        crosswalk.hardware_key,
        passmark.category_raw
    from passmark
    inner join crosswalk
        on
            crosswalk.source = 'passmark'
            and passmark.source_row_number = crosswalk.source_row_number

),

split as (

    {% for category in categories %}
        select distinct
            hardware_key,
            '{{ category }}' as category_name
        from categorised
        where {{ dbt.concat(["', '", "category_raw", "','"]) }} like '%, {{ category }},%'
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        {{ dbt.concat(["hardware_key", "':'", name_to_id('category_name')]) }} as hardware_category_id,
        hardware_key as hardware_id,
        {{ name_to_id('category_name') }} as category_id
    from split

)

select * from final
