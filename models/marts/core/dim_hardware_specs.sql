{#- The wide hardware table: one row per physical product with any performance input, the reported values
    every metric, matrix, imputation model and python_ml start from (reported, and FP32 / memory bandwidth
    derived from the spec sheet's fields where no source reports them, with their *_provenance; nothing here
    is estimated). Units in the names. Where a source repeats a product (duplicate PassMark or API rows), the
    median of its rows is used. Contract and column units: _core__models.yml. -#}
{#- every reported precision but INT16 (few products, no metric uses it) -#}
{%- set wide_precisions = {} -%}
{%- for precision, attribute in precisions().items() if precision != 'int16' -%}
    {%- do wide_precisions.update({precision: attribute}) -%}
{%- endfor -%}
{%- set apis = graphics_apis() -%}

with

hardware as (

    select * from {{ ref('dim_hardware') }}

),

throughput as (

    select * from {{ ref('fct_compute_throughput') }}

),

memory as (

    select * from {{ ref('fct_memory_specs') }}

),

prices as (

    select * from {{ ref('fct_prices') }}

),

passmark as (

    select * from {{ ref('fct_passmark_benchmarks') }}

),

api_scores as (

    select * from {{ ref('fct_graphics_api_scores') }}

),

segments as (

    select * from {{ ref('int_specs__hardware_segments') }}

),

-- values the spec-consistency checks keep out (fct_spec_consistency_checks): spec values are already
-- dropped upstream (int_specs__spec_values_checked); a PassMark TDP is dropped here
suspect_values as (

    select * from {{ ref('int_specs__consistency_checks') }}
    where is_value_nulled

),

suspect_per_hardware as (

    select
        hardware_key as hardware_id,
        {{ dbt.listagg('distinct attribute', "', '", 'order by attribute') }} as suspect_spec_attributes,
        max(case when attribute = 'tdp_watts' and value_source = 'passmark' then 1 else 0 end) = 1
            as is_passmark_tdp_suspect
    from suspect_values
    group by hardware_key

),

throughput_wide as (

    select
        hardware_id,
        {% for precision, column_name in wide_precisions.items() %}
            max(case when precision = '{{ precision }}' then peak_tera_ops_per_s end) as {{ column_name }},
        {% endfor %}
        max(case when precision = 'fp32' then value_provenance end) as fp32_tflops_provenance,
        count(case when value_provenance = 'reported' then 1 end) as reported_precision_count
    from throughput
    group by hardware_id

),

passmark_per_hardware as (

    select
        hardware_id,
        {{ median('g3d_mark') }} as g3d_mark,
        {{ median('g2d_mark') }} as g2d_mark,
        {{ median('tdp_watts') }} as passmark_tdp_watts,
        count(*) as passmark_result_count
    from passmark
    group by hardware_id

),

street_prices as (

    select
        hardware_id,
        {{ median('price_usd') }} as street_price_usd
    from prices
    where price_kind = 'street'
    group by hardware_id

),

launch_prices as (

    select
        hardware_id,
        max(price_usd) as launch_price_usd
    from prices
    where price_kind = 'launch'
    group by hardware_id

),

-- users' quotes: the median of the quotes of the most recent year quoted
latest_quote_years as (

    select
        hardware_id,
        max(price_year_start) as price_year_start
    from prices
    where price_kind = 'quote'
    group by hardware_id

),

quote_prices as (

    select
        prices.hardware_id,
        {{ median('prices.price_usd') }} as quote_price_usd
    from prices
    inner join latest_quote_years
        on
            prices.hardware_id = latest_quote_years.hardware_id
            and prices.price_year_start = latest_quote_years.price_year_start
    where prices.price_kind = 'quote'
    group by prices.hardware_id

),

api_per_hardware as (

    select
        hardware_id,
        {% for api in apis %}
            {{ median("case when api_name = '" ~ api ~ "' then score end") }} as {{ api | lower }}_score,
        {% endfor %}
        count(*) as api_score_count
    from api_scores
    group by hardware_id

),

joined as (

    select
        hardware.hardware_id,
        hardware.hardware_name,
        hardware.manufacturer_id,
        hardware.architecture_id,
        hardware.hardware_type_id,
        segments.segment,
        cast({{ extract_year('hardware.release_date') }} as {{ dbt.type_int() }}) as release_year,
        {{ decimal_year('hardware.release_date', 'hardware.release_year_start') }} as release_decimal_year,
        hardware.first_benchmarked_year,
        {% for column_name in wide_precisions.values() %}
            throughput_wide.{{ column_name }},
        {% endfor %}
        throughput_wide.fp32_tflops_provenance,
        coalesce(throughput_wide.reported_precision_count, 0) as reported_precision_count,
        memory.memory_size_gb,
        memory.memory_bandwidth_gb_per_s,
        memory.memory_bandwidth_provenance,
        hardware.tdp_watts as spec_tdp_watts,
        case
            when not coalesce(suspect_per_hardware.is_passmark_tdp_suspect, false)
                then passmark_per_hardware.passmark_tdp_watts
        end as passmark_tdp_watts,
        suspect_per_hardware.suspect_spec_attributes,
        quote_prices.quote_price_usd,
        launch_prices.launch_price_usd,
        street_prices.street_price_usd,
        passmark_per_hardware.g3d_mark,
        passmark_per_hardware.g2d_mark,
        coalesce(passmark_per_hardware.passmark_result_count, 0) as passmark_result_count,
        {% for api in apis %}
            api_per_hardware.{{ api | lower }}_score,
        {% endfor %}
        coalesce(api_per_hardware.api_score_count, 0) as api_score_count
    from hardware
    left join throughput_wide
        on hardware.hardware_id = throughput_wide.hardware_id
    left join memory
        on hardware.hardware_id = memory.hardware_id
    left join passmark_per_hardware
        on hardware.hardware_id = passmark_per_hardware.hardware_id
    left join street_prices
        on hardware.hardware_id = street_prices.hardware_id
    left join launch_prices
        on hardware.hardware_id = launch_prices.hardware_id
    left join quote_prices
        on hardware.hardware_id = quote_prices.hardware_id
    left join api_per_hardware
        on hardware.hardware_id = api_per_hardware.hardware_id
    left join suspect_per_hardware
        on hardware.hardware_id = suspect_per_hardware.hardware_id
    left join segments
        on hardware.hardware_id = segments.hardware_key
    where not hardware.is_virtual

),

final as (

    select
        hardware_id,
        hardware_name,
        manufacturer_id,
        architecture_id,
        hardware_type_id,
        segment,
        release_year,
        release_decimal_year,
        first_benchmarked_year,
        coalesce(release_year, first_benchmarked_year) as reference_year,
        case
            when release_year is not null then 'release_date'
            when first_benchmarked_year is not null then 'first_passmark_test'
        end as reference_year_source,
        {% for column_name in wide_precisions.values() %}
            {{ column_name }},
        {% endfor %}
        fp32_tflops_provenance,
        reported_precision_count,
        memory_size_gb,
        memory_bandwidth_gb_per_s,
        memory_bandwidth_provenance,
        coalesce(spec_tdp_watts, passmark_tdp_watts) as tdp_watts,
        case
            when spec_tdp_watts is not null then 'epoch'
            when passmark_tdp_watts is not null then 'passmark'
        end as tdp_source,
        quote_price_usd,
        launch_price_usd,
        street_price_usd,
        coalesce(quote_price_usd, launch_price_usd, street_price_usd) as price_usd,
        case
            when quote_price_usd is not null then 'quote'
            when launch_price_usd is not null then 'launch'
            when street_price_usd is not null then 'street'
        end as price_kind,
        suspect_spec_attributes,
        g3d_mark,
        g2d_mark,
        passmark_result_count,
        {% for api in apis %}
            {{ api | lower }}_score,
        {% endfor %}
        api_score_count
    from joined
    where
        reported_precision_count > 0
        or fp32_tflops is not null
        or passmark_result_count > 0
        or api_score_count > 0
        or memory_bandwidth_gb_per_s is not null
        or memory_size_gb is not null
        or launch_price_usd is not null
        or quote_price_usd is not null

)

select * from final
