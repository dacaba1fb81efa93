{#- The contracted latency input of python_ml: per hardware with specs x MLPerf latency workload (every benchmark
    and scenario with a SingleStream / MultiStream result in any round), the roofline lower bound on one
    query's latency on ONE accelerator (a SingleStream query is one sample, served by one card: measured
    1- / 2- / 4-card systems give the same latency). The bound is at the precision submissions of the workload
    use: only where the chip has a peak figure at that width (a wider precision's time is no lower bound on an
    INT8 / FP8 run), and only where the workload fits the card's memory (no latency for a model that does not
    fit). One query of the scenario is samples_per_query samples (stg_reference__mlperf_latency_scenarios): its
    roofline time at batch = samples_per_query (fct_workload_roofline); for a token workload the query is the
    prefill plus output_tokens decode steps. derived:roofline: a lower bound on time, never a prediction. -#}

with

features as (

    select * from {{ ref('ml_hardware_features') }}

),

latency_results as (

    select * from {{ ref('fct_mlperf_results') }}
    where metric_kind = 'latency'

),

benchmarks as (

    select * from {{ ref('stg_reference__workload_benchmarks') }}

),

scenarios as (

    select * from {{ ref('stg_reference__mlperf_latency_scenarios') }}

),

comparable_precision as (

    select * from {{ ref('int_workloads__hardware_submitted_precision') }}

),

submitted_precision as (

    select * from {{ ref('int_workloads__workload_precisions') }}
    where is_submitted_precision

),

hardware_precisions as (

    select * from {{ ref('int_workloads__hardware_precisions') }}

),

roofline as (

    select * from {{ ref('fct_workload_roofline') }}

),

-- the latency workloads: every benchmark and scenario measured as a latency in any round
latency_workloads as (

    select distinct
        latency_results.benchmark_model,
        latency_results.scenario,
        benchmarks.workload_id,
        scenarios.samples_per_query
    from latency_results
    inner join benchmarks
        on latency_results.benchmark_model = benchmarks.benchmark_model
    inner join scenarios
        on latency_results.scenario = scenarios.scenario

),

bounded as (

    select
        features.hardware_id,
        features.spec_hardware_id as physical_hardware_id,
        features.hardware_name,
        features.manufacturer_name,
        features.architecture_name,
        features.release_year,
        latency_workloads.benchmark_model,
        latency_workloads.scenario,
        latency_workloads.workload_id,
        latency_workloads.samples_per_query,
        roofline.unit_of_work,
        roofline.precision_id,
        roofline.peak_tera_ops_per_s,
        roofline.memory_bandwidth_gb_per_s,
        features.tensor_fp16_bf16_tflops,
        features.memory_size_gb,
        roofline.bound as roofline_bound_kind,
        case
            when roofline.unit_of_work = 'token'
                then roofline.ttft_bound_ms + submitted_precision.output_tokens * roofline.tpot_bound_ms
            else roofline.latency_bound_ms
        end as latency_bound_ms
    from features
    cross join latency_workloads
    inner join comparable_precision
        on
            features.spec_hardware_id = comparable_precision.hardware_id
            and latency_workloads.workload_id = comparable_precision.workload_id
    inner join submitted_precision
        on latency_workloads.workload_id = submitted_precision.workload_id
    inner join hardware_precisions
        on
            comparable_precision.hardware_id = hardware_precisions.hardware_id
            and comparable_precision.precision_id = hardware_precisions.precision_id
    inner join roofline
        on
            comparable_precision.hardware_id = roofline.hardware_id
            and comparable_precision.workload_id = roofline.workload_id
            and comparable_precision.precision_id = roofline.precision_id
            and latency_workloads.samples_per_query = roofline.batch_size
    where
        hardware_precisions.bytes_per_value = submitted_precision.bytes_per_value
        and roofline.fit_status = 'fits on 1'

),

final as (

    select
        {{ dbt.concat(["hardware_id", "':'", "benchmark_model", "':'", "scenario"]) }} as latency_bound_id,
        hardware_id,
        physical_hardware_id,
        hardware_name,
        manufacturer_name,
        architecture_name,
        release_year,
        benchmark_model,
        scenario,
        workload_id,
        samples_per_query,
        unit_of_work,
        precision_id,
        peak_tera_ops_per_s,
        memory_bandwidth_gb_per_s,
        tensor_fp16_bf16_tflops,
        memory_size_gb,
        roofline_bound_kind,
        latency_bound_ms,
        'derived:roofline' as latency_bound_provenance
    from bounded
    where latency_bound_ms > 0

)

select * from final
