{#- Peak throughput per hardware and precision in one unit: tera-operations per second (TFLOP/s for
    floating point, TOP/s for integer). Reported values, and FP32 derived from the spec sheet's fields where
    no source reports it (value_provenance derived:<formula>); estimates live in the metrics marts with
    their provenance. -#}
{%- set reported_precisions = precisions() -%}

with

spec_values as (

    select * from {{ ref('int_specs__spec_values_checked') }}
    where value_rank = 1

),

by_precision as (

    {% for precision, attribute in reported_precisions.items() %}
        select
            spec_values.*,
            '{{ precision }}' as precision
        from spec_values
        where spec_values.attribute = '{{ attribute }}'
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        {{ dbt.concat(["hardware_key", "':'", "precision"]) }} as throughput_id,
        hardware_key as hardware_id,
        precision,
        value_number as peak_tera_ops_per_s,
        spec_source,
        source_url,
        value_provenance
    from by_precision

)

select * from final
