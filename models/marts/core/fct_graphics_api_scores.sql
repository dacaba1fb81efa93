{#- Compute scores per device and graphics API, long form: one row per API score published. -#}

with

api_scores as (

    select * from {{ ref('stg_gpu_api_scores__device_scores') }}

),

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

keyed as (

    select
        api_scores.*,
        crosswalk.hardware_key
    from api_scores
    inner join crosswalk
        on
            crosswalk.source = 'gpu_api_scores'
            and api_scores.source_row_number = crosswalk.source_row_number

),

long_scores as (

    {% for api_name in graphics_apis() %}
        select
            source_row_number,
            hardware_key,
            device_name,
            '{{ api_name }}' as api_name,
            {{ api_name | lower }}_score as score
        from keyed
        where {{ api_name | lower }}_score is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        {{ dbt.concat(["cast(source_row_number as " ~ dbt.type_string() ~ ")", "':'", "lower(api_name)"]) }}
            as api_score_id,
        source_row_number,
        hardware_key as hardware_id,
        device_name as name_as_published,
        api_name,
        score
    from long_scores

)

select * from final
