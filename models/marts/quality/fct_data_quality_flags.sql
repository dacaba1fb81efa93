{#- Quarantine list: raw rows that are valid but suspect. They stay in the warehouse (nothing is dropped);
    this model says which row, which column and why, so every use can exclude or inspect them.
    Each check is one entry below: the prepared CTE it reads, the raw column, and the condition. -#}
{%- set checks = [
    ('passmark', 'gpuName', 'duplicate_name', 'product name appears more than once in the file', 'name_rows > 1'),
    ('passmark', 'TDP', 'non_positive_power', 'TDP must be positive watts', 'tdp_watts <= 0'),
    ('passmark', 'TDP', 'implausible_power', 'TDP above 2000 W for one GPU', 'tdp_watts > 2000'),
    ('passmark', 'G3Dmark', 'non_positive_score', 'G3D Mark must be positive', 'g3d_mark <= 0'),
    ('passmark', 'price', 'non_positive_price', 'price must be positive USD', 'price_usd <= 0'),
    ('passmark', 'testDate', 'implausible_year', 'test year outside 1995-2030', 'test_year < 1995 or test_year > 2030'),
    ('api_scores', 'Device', 'duplicate_name', 'manufacturer and device name appear more than once in the file',
        'name_rows > 1'),
    ('api_scores', 'CUDA/Metal/OpenCL/Vulkan', 'non_positive_score', 'compute scores must be positive',
        'cuda_score <= 0 or metal_score <= 0 or opencl_score <= 0 or vulkan_score <= 0'),
    ('api_scores', 'CUDA/Metal/OpenCL/Vulkan', 'no_score', 'row has no score for any API',
        'cuda_score is null and metal_score is null and opencl_score is null and vulkan_score is null'),
    ('ml_hardware', 'Hardware name', 'duplicate_name', 'hardware name appears more than once in the file',
        'name_rows > 1'),
    ('ml_hardware', 'TDP (W)', 'non_positive_power', 'TDP must be positive watts', 'tdp_watts <= 0'),
    ('ml_hardware', 'performance (FLOP/s, OP/s)', 'negative_throughput', 'peak throughput cannot be negative',
        'fp64_tflops < 0 or fp32_tflops < 0 or fp16_tflops < 0 or tf32_tflops < 0
         or tensor_fp16_bf16_tflops < 0 or int8_tops < 0 or int4_tops < 0'),
    ('ml_hardware', 'Memory size / bandwidth', 'non_positive_memory', 'memory size and bandwidth must be positive',
        'memory_size_gb <= 0 or memory_bandwidth_gb_per_s <= 0'),
    ('mlperf', 'Avg. Result at System Name', 'non_positive_result', 'system result must be positive',
        'system_result <= 0'),
    ('mlperf', 'Accelerator', 'no_accelerator',
        'CPU-only submission (accelerator N/A, 0 accelerators): no per-accelerator figure',
        "accelerator_count = 0 and upper(accelerator_name) = 'N/A'"),
    ('mlperf', '# of Accelerators', 'non_positive_count', 'accelerator and node counts must be positive',
        "(accelerator_count <= 0 and upper(accelerator_name) != 'N/A') or accelerator_count < 0 or node_count <= 0"),
    ('mlperf', 'Public ID', 'duplicate_result',
        'same submission, system, accelerator, benchmark and scenario appear more than once', 'key_rows > 1'),
] -%}
{%- set seeds = {
    'passmark': 'raw_passmark__gpu_benchmarks',
    'api_scores': 'raw_gpu_api_scores__device_scores',
    'ml_hardware': 'raw_epoch__ml_hardware',
    'mlperf': 'raw_mlperf__inference_results',
} -%}

with

passmark as (

    select
        *,
        count(*) over (partition by gpu_name) as name_rows
    from {{ ref('stg_passmark__gpu_benchmarks') }}

),

api_scores as (

    select
        *,
        count(*) over (partition by manufacturer_raw, device_name) as name_rows
    from {{ ref('stg_gpu_api_scores__device_scores') }}

),

ml_hardware as (

    select
        *,
        count(*) over (partition by hardware_name) as name_rows
    from {{ ref('stg_epoch__ml_hardware') }}

),

mlperf as (

    select
        *,
        count(*) over (
            partition by public_id, system_name, accelerator_name, benchmark_model, scenario
        ) as key_rows
    from {{ ref('stg_mlperf__inference_results') }}

),

flags as (

    {% for cte, column_name, check_name, reason, condition in checks %}
        select
            '{{ seeds[cte] }}' as seed_name,
            source_row_number,
            source_line_number,
            '{{ column_name }}' as column_name,
            '{{ check_name }}' as check_name,
            '{{ reason }}' as reason
        from {{ cte }}
        where {{ condition }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        {{ dbt.concat(["seed_name", "':'", "cast(source_row_number as " ~ dbt.type_string() ~ ")", "':'", "check_name"]) }}
            as data_quality_flag_id,
        seed_name,
        source_row_number,
        source_line_number,
        column_name,
        check_name,
        reason
    from flags

)

select * from final
