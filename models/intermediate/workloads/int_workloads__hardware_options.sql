{#- Per hardware x workload, up to three rows side by side, each saying which it is (row_kind): the best
    measured MLPerf figures (measured:mlperf; Offline throughput per accelerator over the benchmark's
    variants, best SingleStream latency, energy per unit from TDP as an upper bound), python_ml's predicted
    Offline throughput with its 90 % interval (predicted:<model_version>) and the roofline (derived:roofline:
    throughput bound at the largest batch, batch-1 latency / TTFT / TPOT, at the precision a submission is
    compared with). Budget and power columns (price, TDP) let a query ask "which hardware under a latency /
    budget / power limit". -#}

{%- set largest_batch = var('workload_batch_sizes') | max -%}

with

measured as (

    select * from {{ ref('fct_workload_measured_vs_roofline') }}

),

predicted as (

    select * from {{ ref('fct_predicted_throughput') }}
    where scenario = 'Offline'

),

benchmarks as (

    select * from {{ ref('stg_reference__workload_benchmarks') }}

),

comparable_precision as (

    select * from {{ ref('int_workloads__hardware_submitted_precision') }}

),

roofline as (

    select * from {{ ref('fct_workload_roofline') }}
    where batch_size in (1, {{ largest_batch }})

),

workloads as (

    select * from {{ ref('stg_reference__workloads') }}

),

specs as (

    select * from {{ ref('dim_hardware_specs') }}

),

measured_best as (

    select
        hardware_id,
        workload_id,
        'measured' as row_kind,
        'measured:mlperf' as provenance,
        max(case when scenario = 'Offline' then measured_per_accelerator_per_s end) as throughput_per_accelerator_per_s,
        cast(null as {{ aihw.type_double() }}) as throughput_low_per_s,
        cast(null as {{ aihw.type_double() }}) as throughput_high_per_s,
        min(case when scenario = 'SingleStream' then measured_latency_ms end) as latency_ms,
        cast(null as {{ aihw.type_double() }}) as ttft_ms,
        cast(null as {{ aihw.type_double() }}) as tpot_ms,
        min(min_accelerators_batch_1) as min_accelerators,
        cast(null as {{ dbt.type_string() }}) as out_of_domain_reason
    from measured
    group by hardware_id, workload_id

),

predicted_best as (

    select
        predicted.hardware_id,
        benchmarks.workload_id,
        'predicted' as row_kind,
        max(predicted.prediction_provenance) as provenance,
        max(predicted.predicted_per_accelerator) as throughput_per_accelerator_per_s,
        max(predicted.pi90_low) as throughput_low_per_s,
        max(predicted.pi90_high) as throughput_high_per_s,
        cast(null as {{ aihw.type_double() }}) as latency_ms,
        cast(null as {{ aihw.type_double() }}) as ttft_ms,
        cast(null as {{ aihw.type_double() }}) as tpot_ms,
        cast(null as {{ dbt.type_int() }}) as min_accelerators,
        max(predicted.out_of_domain_reason) as out_of_domain_reason
    from predicted
    inner join benchmarks
        on predicted.benchmark_model = benchmarks.benchmark_model
    group by predicted.hardware_id, benchmarks.workload_id

),

roofline_best as (

    select
        roofline.hardware_id,
        roofline.workload_id,
        'roofline' as row_kind,
        max(roofline.provenance) as provenance,
        max(case when roofline.batch_size = {{ largest_batch }} then roofline.throughput_bound_per_accelerator_per_s end)
            as throughput_per_accelerator_per_s,
        cast(null as {{ aihw.type_double() }}) as throughput_low_per_s,
        cast(null as {{ aihw.type_double() }}) as throughput_high_per_s,
        max(case when roofline.batch_size = 1 then roofline.latency_bound_ms end) as latency_ms,
        max(case when roofline.batch_size = 1 then roofline.ttft_bound_ms end) as ttft_ms,
        max(case when roofline.batch_size = 1 then roofline.tpot_bound_ms end) as tpot_ms,
        max(case when roofline.batch_size = 1 then roofline.min_accelerators end) as min_accelerators,
        cast(null as {{ dbt.type_string() }}) as out_of_domain_reason
    from roofline
    inner join comparable_precision
        on
            roofline.hardware_id = comparable_precision.hardware_id
            and roofline.workload_id = comparable_precision.workload_id
            and roofline.precision_id = comparable_precision.precision_id
    group by roofline.hardware_id, roofline.workload_id

),

options as (

    select * from measured_best
    union all
    select * from predicted_best
    union all
    select * from roofline_best

),

final as (

    select
        {{ dbt.concat(['options.hardware_id', "'|'", 'options.workload_id', "'|'", 'options.row_kind']) }}
            as option_id,
        options.hardware_id,
        options.workload_id,
        workloads.domain,
        workloads.unit_of_work,
        options.row_kind,
        options.provenance,
        options.throughput_per_accelerator_per_s,
        options.throughput_low_per_s,
        options.throughput_high_per_s,
        options.latency_ms,
        options.ttft_ms,
        options.tpot_ms,
        options.min_accelerators,
        options.out_of_domain_reason,
        specs.price_usd,
        specs.tdp_watts,
        {{ aihw.per_usd('options.throughput_per_accelerator_per_s', 'specs.price_usd') }} as throughput_per_usd,
        {{ aihw.per_watt('options.throughput_per_accelerator_per_s', 'specs.tdp_watts') }} as throughput_per_watt,
        case
            when options.row_kind = 'measured'
                then {{ aihw.safe_divide('specs.tdp_watts', 'options.throughput_per_accelerator_per_s') }}
        end as joules_per_unit_upper_bound,
        case
            when options.row_kind = 'measured'
                then 'derived:tdp_watts/measured throughput (upper bound; no measured power in any source)'
        end as energy_provenance
    from options
    inner join workloads
        on options.workload_id = workloads.workload_id
    left join specs
        on options.hardware_id = specs.hardware_id
    where
        options.throughput_per_accelerator_per_s is not null
        or options.latency_ms is not null
        or options.tpot_ms is not null

)

select * from final
