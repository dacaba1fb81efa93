{#- Quarantine list: raw rows that are valid but suspect. They stay in the warehouse (nothing is dropped);
    this model says which row, which column and why, so every use can exclude or inspect them. -#}

with

passmark as (

    select * from {{ ref('stg_passmark__gpu_benchmarks') }}

),

api_scores as (

    select * from {{ ref('stg_gpu_api_scores__device_scores') }}

),

ml_hardware as (

    select * from {{ ref('stg_epoch__ml_hardware') }}

),

mlperf as (

    select * from {{ ref('stg_mlperf__inference_results') }}

),

passmark_name_counts as (

    select gpu_name, count(*) as name_rows
    from passmark
    group by gpu_name

),

api_name_counts as (

    select manufacturer_raw, device_name, count(*) as name_rows
    from api_scores
    group by manufacturer_raw, device_name

),

ml_hardware_name_counts as (

    select hardware_name, count(*) as name_rows
    from ml_hardware
    group by hardware_name

),

mlperf_key_counts as (

    select public_id, system_name, accelerator_name, benchmark_model, scenario, count(*) as key_rows
    from mlperf
    group by public_id, system_name, accelerator_name, benchmark_model, scenario

),

flags as (

    -- PassMark --------------------------------------------------------------------------------------
    select
        'raw_passmark__gpu_benchmarks' as seed_name, passmark.source_row_number, passmark.source_line_number,
        'gpuName' as column_name, 'duplicate_name' as check_name,
        'product name appears more than once in the file' as reason
    from passmark
    inner join passmark_name_counts on passmark.gpu_name = passmark_name_counts.gpu_name
    where passmark_name_counts.name_rows > 1

    union all
    select
        'raw_passmark__gpu_benchmarks', source_row_number, source_line_number, 'TDP', 'non_positive_power',
        'TDP must be positive watts'
    from passmark
    where tdp_watts <= 0

    union all
    select
        'raw_passmark__gpu_benchmarks', source_row_number, source_line_number, 'TDP', 'implausible_power',
        'TDP above 2000 W for one GPU'
    from passmark
    where tdp_watts > 2000

    union all
    select
        'raw_passmark__gpu_benchmarks', source_row_number, source_line_number, 'G3Dmark', 'non_positive_score',
        'G3D Mark must be positive'
    from passmark
    where g3d_mark <= 0

    union all
    select
        'raw_passmark__gpu_benchmarks', source_row_number, source_line_number, 'price', 'non_positive_price',
        'price must be positive USD'
    from passmark
    where price_usd <= 0

    union all
    select
        'raw_passmark__gpu_benchmarks', source_row_number, source_line_number, 'testDate', 'implausible_year',
        'test year outside 1995-2030'
    from passmark
    where test_year < 1995 or test_year > 2030

    -- API scores -----------------------------------------------------------------------------------
    union all
    select
        'raw_gpu_api_scores__device_scores', api_scores.source_row_number, api_scores.source_line_number,
        'Device', 'duplicate_name', 'manufacturer + device name appears more than once in the file'
    from api_scores
    inner join api_name_counts
        on api_scores.manufacturer_raw = api_name_counts.manufacturer_raw
        and api_scores.device_name = api_name_counts.device_name
    where api_name_counts.name_rows > 1

    union all
    select
        'raw_gpu_api_scores__device_scores', source_row_number, source_line_number, 'CUDA/Metal/OpenCL/Vulkan',
        'non_positive_score', 'compute scores must be positive'
    from api_scores
    where cuda_score <= 0 or metal_score <= 0 or opencl_score <= 0 or vulkan_score <= 0

    union all
    select
        'raw_gpu_api_scores__device_scores', source_row_number, source_line_number, 'CUDA/Metal/OpenCL/Vulkan',
        'no_score', 'row has no score for any API'
    from api_scores
    where cuda_score is null and metal_score is null and opencl_score is null and vulkan_score is null

    -- ml_hardware ----------------------------------------------------------------------------------
    union all
    select
        'raw_epoch__ml_hardware', ml_hardware.source_row_number, ml_hardware.source_line_number,
        'Hardware name', 'duplicate_name', 'hardware name appears more than once in the file'
    from ml_hardware
    inner join ml_hardware_name_counts on ml_hardware.hardware_name = ml_hardware_name_counts.hardware_name
    where ml_hardware_name_counts.name_rows > 1

    union all
    select
        'raw_epoch__ml_hardware', source_row_number, source_line_number, 'TDP (W)', 'non_positive_power',
        'TDP must be positive watts'
    from ml_hardware
    where tdp_watts <= 0

    union all
    select
        'raw_epoch__ml_hardware', source_row_number, source_line_number, 'performance (FLOP/s, OP/s)',
        'negative_throughput', 'peak throughput cannot be negative'
    from ml_hardware
    where
        fp64_tflops < 0 or fp32_tflops < 0 or fp16_tflops < 0 or tf32_tflops < 0
        or tensor_fp16_bf16_tflops < 0 or int8_tops < 0 or int4_tops < 0

    union all
    select
        'raw_epoch__ml_hardware', source_row_number, source_line_number, 'Memory size / bandwidth',
        'non_positive_memory', 'memory size and bandwidth must be positive'
    from ml_hardware
    where memory_size_gb <= 0 or memory_bandwidth_gb_per_s <= 0

    -- MLPerf ---------------------------------------------------------------------------------------
    union all
    select
        'raw_mlperf__inference_results', source_row_number, source_line_number, 'Avg. Result at System Name',
        'non_positive_result', 'system result must be positive'
    from mlperf
    where system_result <= 0

    union all
    select
        'raw_mlperf__inference_results', source_row_number, source_line_number, 'Accelerator',
        'no_accelerator', 'CPU-only submission (accelerator N/A, 0 accelerators): no per-accelerator figure'
    from mlperf
    where accelerator_count = 0 and upper(accelerator_name) = 'N/A'

    union all
    select
        'raw_mlperf__inference_results', source_row_number, source_line_number, '# of Accelerators',
        'non_positive_count', 'accelerator and node counts must be positive'
    from mlperf
    where
        (accelerator_count <= 0 and upper(accelerator_name) != 'N/A')
        or accelerator_count < 0
        or node_count <= 0

    union all
    select
        'raw_mlperf__inference_results', mlperf.source_row_number, mlperf.source_line_number, 'Public ID',
        'duplicate_result', 'same submission, system, accelerator, benchmark and scenario appear more than once'
    from mlperf
    inner join mlperf_key_counts
        on mlperf.public_id = mlperf_key_counts.public_id
        and mlperf.system_name = mlperf_key_counts.system_name
        and mlperf.accelerator_name = mlperf_key_counts.accelerator_name
        and mlperf.benchmark_model = mlperf_key_counts.benchmark_model
        and mlperf.scenario = mlperf_key_counts.scenario
    where mlperf_key_counts.key_rows > 1

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
