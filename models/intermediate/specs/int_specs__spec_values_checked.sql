{#- int_hardware__spec_values without the values the consistency checks keep out (int_specs__consistency_checks
    is_value_nulled: an instance total, a board total, a TDP outside its segment ...), re-ranked: where the
    first-ranked value is kept out, the next source's value (e.g. the spec sheet's, or a derived one) is used.
    value_rank 1 is the value every spec model downstream uses. -#}

with

spec_values as (

    select * from {{ ref('int_hardware__spec_values') }}

),

checks as (

    select * from {{ ref('int_specs__consistency_checks') }}
    where is_value_nulled

),

kept as (

    select spec_values.*
    from spec_values
    left join checks
        on
            spec_values.hardware_key = checks.hardware_key
            and spec_values.attribute = checks.attribute
            and spec_values.spec_source = checks.value_source
    where checks.consistency_check_id is null

),

final as (

    select
        spec_value_id,
        hardware_key,
        attribute,
        value_number,
        value_text,
        spec_source,
        value_provenance,
        source_row_number,
        source_url,
        last_modified_at,
        row_number() over (partition by hardware_key, attribute order by value_rank) as value_rank
    from kept

)

select * from final
