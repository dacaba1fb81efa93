{#- One row per hardware x precision the chip HAS: its peak at that precision read from the dim_hardware_specs
    column the precisions seed names (fallback column when the first is null). A precision whose column the
    table lacks (FP8 until the spec tables carry it) or whose value is null is absent for that chip: no
    precision a chip lacks. The spec columns are listed from the relation, not repeated here. -#}
{%- set specs_relation = ref('dim_hardware_specs') -%}
{%- set peak_columns = [] -%}
{%- if execute -%}
    {%- for column in adapter.get_columns_in_relation(specs_relation) -%}
        {%- if column.name.endswith('_tflops') or column.name.endswith('_tops') -%}
            {%- do peak_columns.append(column.name) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif -%}



with

specs as (

    select * from {{ specs_relation }}

),

precisions as (

    select * from {{ ref('stg_reference__precisions') }}

),

hardware_precisions as (

    select
        specs.hardware_id,
        precisions.precision_id,
        precisions.bytes_per_value,
        coalesce(
            {{ aihw.column_by_name('precisions.peak_spec_column', peak_columns, 'specs') }},
            {{ aihw.column_by_name('precisions.fallback_spec_column', peak_columns, 'specs') }}
        ) as peak_tera_ops_per_s,
        specs.memory_bandwidth_gb_per_s,
        specs.memory_size_gb,
        specs.tdp_watts,
        specs.price_usd,
        specs.architecture_id
    from specs
    cross join precisions

),

final as (

    select * from hardware_precisions
    where peak_tera_ops_per_s > 0 and memory_bandwidth_gb_per_s > 0

)

select * from final
