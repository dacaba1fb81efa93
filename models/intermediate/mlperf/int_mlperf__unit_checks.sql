{#- Units check, three rules, per round. (1) Within one round, benchmark and scenario every result must be in
    one unit: the expected unit is the one most rows use (ties broken alphabetically). (2) That unit must be
    the one the workload reference (int_mlperf__benchmark_workloads: workloads.csv, mlperf_scenario_units.csv) says MLPerf reports for the
    benchmark and scenario (SingleStream/MultiStream: a latency in ms). (3) Magnitude: each throughput's label
    is judged against what the number can be. Its kind (tokens or samples per second) is read from the label
    (Tokens/s -> tokens; Samples/s, Queries/s -> samples) and judged from the number, per accelerator,
    against the accelerator's compute roofline in the benchmark's unit of work (peak TOPS, the larger of
    tensor FP16 and INT8, / FLOPs per unit of work; sample benchmarks are always judged samples):
    - above the roofline: impossible in any unit (above_roofline);
    - a token benchmark's figure that would exceed the roofline if it were samples/s (x tokens_per_sample,
      the row's, else the workload's mean) is tokens/s;
    - below var mlperf_min_share_of_roofline of the roofline as tokens/s, it is samples/s.
    A label whose kind differs from the judged kind is a mislabel (listed with its evidence in
    fct_mlperf_unit_inconsistencies). The only conversion made is the exact one: a samples/s figure of a
    token benchmark whose row publishes tokens_per_sample becomes tokens/s (x tokens_per_sample:
    is_converted_to_tokens). Every other inconsistent row is kept out of per-accelerator figures, never
    relabelled. A chip with no peak spec is not judged by magnitude (rules 1 and 2 still apply). -#}
{%- set latency_units = 'Latency (ms)' -%}
{%- set min_share = var('mlperf_min_share_of_roofline') -%}

with

results as (

    select * from {{ ref('int_mlperf__results_loaded') }}

),

current_results as (

    select * from {{ ref('int_mlperf__results') }}

),

workloads as (

    select * from {{ ref('int_mlperf__benchmark_workloads') }}

),

crosswalk as (

    select * from {{ ref('int_hardware__crosswalk') }}

),

specs as (

    select * from {{ ref('int_hardware__specs') }}

),

-- the physical accelerator (a virtualized GPU is its parent) of each published name
accelerator_physical as (

    select distinct
        source,
        name_as_published,
        physical_hardware_key
    from crosswalk
    where source in ('mlperf', 'mlperf_rounds')

),

unit_counts as (

    select
        round,
        benchmark_model,
        scenario,
        units,
        count(*) as unit_rows
    from results
    group by round, benchmark_model, scenario, units

),

ranked_units as (

    select
        round,
        benchmark_model,
        scenario,
        units,
        unit_rows,
        row_number() over (
            partition by round, benchmark_model, scenario
            order by unit_rows desc, units asc
        ) as unit_rank,
        count(*) over (partition by round, benchmark_model, scenario) as distinct_units
    from unit_counts

),

expected_units as (

    select
        round,
        benchmark_model,
        scenario,
        units as expected_units,
        distinct_units
    from ranked_units
    where unit_rank = 1

),

with_reference as (

    select
        results.mlperf_result_id,
        results.round,
        results.benchmark_model,
        results.scenario,
        results.metric_kind,
        results.units,
        expected_units.expected_units,
        expected_units.distinct_units,
        workloads.benchmark_model is not null as is_in_workload_reference,
        case results.scenario
            when 'Offline' then workloads.expected_units_offline
            when 'Server' then workloads.expected_units_server
            when 'SingleStream' then '{{ latency_units }}'
            when 'MultiStream' then '{{ latency_units }}'
        end as reference_units,
        workloads.unit_of_work,
        case
            when results.total_accelerators > 0 then results.system_result / results.total_accelerators
        end as per_accelerator_value,
        results.tokens_per_sample,
        coalesce(results.tokens_per_sample, workloads.mean_output_tokens_per_sample) as tokens_per_sample_judged,
        case
            when specs.tensor_fp16_bf16_tflops is not null or specs.int8_tops is not null
                then
                    greatest(coalesce(specs.tensor_fp16_bf16_tflops, 0), coalesce(specs.int8_tops, 0)) * 1e12
                    / workloads.flops_per_unit
        end as compute_bound_per_accelerator
    from results
    inner join expected_units
        on
            results.round = expected_units.round
            and results.benchmark_model = expected_units.benchmark_model
            and results.scenario = expected_units.scenario
    left join workloads
        on results.benchmark_model = workloads.benchmark_model
    left join current_results
        on results.mlperf_result_id = current_results.mlperf_result_id
    left join accelerator_physical
        on
            results.source = accelerator_physical.source
            and coalesce(current_results.accelerator_name_resolved, results.accelerator_name)
            = accelerator_physical.name_as_published
    left join specs
        on accelerator_physical.physical_hardware_key = specs.hardware_key

),

judged as (

    select
        *,
        case when units = 'Tokens/s' then 'tokens' when metric_kind = 'throughput' then 'samples' end
            as label_kind,
        per_accelerator_value / compute_bound_per_accelerator as share_of_roofline,
        case
            when metric_kind != 'throughput' or per_accelerator_value is null then null
            when compute_bound_per_accelerator is null then null
            when per_accelerator_value > compute_bound_per_accelerator then 'above_roofline'
            when unit_of_work = 'sample' then 'samples'
            when per_accelerator_value * tokens_per_sample_judged > compute_bound_per_accelerator then 'tokens'
            when per_accelerator_value >= {{ min_share }} * compute_bound_per_accelerator then 'tokens'
            else 'samples'
        end as judged_kind
    from with_reference

),

final as (

    select
        mlperf_result_id,
        round,
        benchmark_model,
        scenario,
        units,
        expected_units,
        distinct_units,
        reference_units,
        label_kind,
        judged_kind,
        per_accelerator_value,
        compute_bound_per_accelerator,
        share_of_roofline,
        tokens_per_sample,
        tokens_per_sample_judged,
        coalesce(judged_kind in ('tokens', 'samples') and judged_kind != label_kind, false) as is_mislabel,
        -- the one exact conversion: a token benchmark's samples/s figure with its own tokens per sample
        coalesce(
            unit_of_work = 'token' and label_kind = 'samples' and judged_kind = 'samples'
            and tokens_per_sample is not null and reference_units = 'Tokens/s',
            false
        ) as is_converted_to_tokens,
        case
            when judged_kind is null then null
            else
                {{ dbt.concat([
                    "'per accelerator '", dbt.safe_cast('round(cast(per_accelerator_value as ' ~ dbt.type_numeric() ~ '), 3)', dbt.type_string()),
                    "' ('", "units", "') is '",
                    dbt.safe_cast('round(cast(100 * share_of_roofline as ' ~ dbt.type_numeric() ~ '), 4)', dbt.type_string()),
                    "'% of the compute roofline '",
                    dbt.safe_cast('round(cast(compute_bound_per_accelerator as ' ~ dbt.type_numeric() ~ '), 1)', dbt.type_string()),
                    "' '", "unit_of_work", "'s/s; tokens per sample '",
                    "coalesce(" ~ dbt.safe_cast('tokens_per_sample_judged', dbt.type_string()) ~ ", 'n/a')",
                    "'; judged '", "judged_kind",
                ]) }}
        end as magnitude_evidence,
        case
            when judged_kind = 'above_roofline' then 'above_roofline'
            when judged_kind in ('tokens', 'samples') and judged_kind != label_kind then 'mislabel_by_magnitude'
            when units != expected_units then 'differs_from_benchmark_majority'
            when not is_in_workload_reference then 'benchmark_not_in_workload_reference'
            when
                units != reference_units
                and not coalesce(
                    unit_of_work = 'token' and label_kind = 'samples' and judged_kind = 'samples'
                    and tokens_per_sample is not null and reference_units = 'Tokens/s',
                    false
                )
                then 'differs_from_workload_reference'
        end as inconsistency_reason
    from judged

)

select
    *,
    inconsistency_reason is null as is_unit_consistent
from final
