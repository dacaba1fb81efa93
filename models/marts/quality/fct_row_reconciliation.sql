{#- Nothing lost: every raw file's row count against the rows its staging view holds. Rows are never
    dropped in staging (suspect rows are flagged in fct_data_quality_flags), so the two must be equal. -#}
{%- set staged = [
    ('raw_passmark__gpu_benchmarks', 'stg_passmark__gpu_benchmarks'),
    ('raw_gpu_api_scores__device_scores', 'stg_gpu_api_scores__device_scores'),
    ('raw_epoch__ml_hardware', 'stg_epoch__ml_hardware'),
    ('raw_mlperf__inference_results', 'stg_mlperf__inference_results'),
] -%}

with

manifest as (

    select * from {{ ref('stg_landing__manifest') }}

),

staged_counts as (

    {% for seed_name, model_name in staged %}
        select
            '{{ seed_name }}' as seed_name,
            '{{ model_name }}' as staging_model,
            count(*) as staged_rows
        from {{ ref(model_name) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

flag_counts as (

    select
        seed_name,
        count(distinct source_row_number) as flagged_rows
    from {{ ref('fct_data_quality_flags') }}
    group by seed_name

),

final as (

    select
        manifest.seed_name,
        manifest.file_name,
        staged_counts.staging_model,
        manifest.file_data_rows,
        staged_counts.staged_rows,
        coalesce(flag_counts.flagged_rows, 0) as flagged_rows,
        manifest.file_data_rows = staged_counts.staged_rows as is_reconciled

    from manifest
    inner join staged_counts
        on manifest.seed_name = staged_counts.seed_name
    left join flag_counts
        on manifest.seed_name = flag_counts.seed_name

)

select * from final
