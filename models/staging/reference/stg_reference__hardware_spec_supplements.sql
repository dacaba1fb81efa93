with

source as (

    select * from {{ ref('hardware_spec_supplements') }}

),

renamed as (

    select
        {{ clean_text(adapter.quote('hardware_name')) }} as hardware_name,
        {{ clean_text(adapter.quote('attribute')) }} as attribute,
        {{ clean_text(adapter.quote('value')) }} as value,
        {{ clean_text(adapter.quote('unit')) }} as unit,
        {{ clean_text(adapter.quote('source_url')) }} as source_url,
        {{ clean_text(adapter.quote('note')) }} as note,
        case
            when {{ adapter.quote('attribute') }} in (
                    {%- for attribute in spec_numeric_attributes() %}
                        '{{ attribute }}'{{ ',' if not loop.last }}
                    {%- endfor %}
                )
                then {{ to_double(adapter.quote('value')) }}
        end as value_number

    from source

)

select * from renamed
