{#- The quantization accuracy cost as MLPerf defines it: a benchmark's 99 % variant must reach 99 % of the
    FP32 reference accuracy, its 99.9 % variant 99.9 %; submitters run the tighter one at wider precision
    or with fewer approximations. Where the same system (organization, system name, chip, accelerator count,
    scenario and, once the rounds land, round) submitted both variants, the throughput ratio 99.9 / 99 is
    the observed price of the last 0.9 points of accuracy (measured:mlperf, derived:ratio). -#}
{%- set results_relation = ref('fct_mlperf_results') -%}
{%- set key_parts = ['organization', 'system_name', 'hardware_id', 'total_accelerators', 'scenario'] -%}
{%- if execute -%}
    {%- for column in adapter.get_columns_in_relation(results_relation) -%}
        {%- if column.name == 'round' -%}{%- do key_parts.append('round') -%}{%- endif -%}
    {%- endfor -%}
{%- endif -%}
{%- set key_expressions = [] -%}
{%- for part in key_parts -%}
    {%- if not loop.first %}{% do key_expressions.append("'|'") %}{% endif -%}
    {%- do key_expressions.append('cast(results.' ~ adapter.quote(part) ~ ' as ' ~ dbt.type_string() ~ ')') -%}
{%- endfor -%}

with

results as (

    select * from {{ results_relation }}
    where per_accelerator_result > 0 and not {{ aihw.is_latency_result('scenario', 'units') }}

),

benchmarks as (

    select * from {{ ref('stg_reference__workload_benchmarks') }}

),

variants as (

    select
        {{ dbt.concat(key_expressions) }} as system_key,
        results.hardware_id,
        results.scenario,
        benchmarks.workload_id,
        benchmarks.accuracy_target_percent,
        max(results.per_accelerator_result) as per_accelerator_result
    from results
    inner join benchmarks
        on results.benchmark_model = benchmarks.benchmark_model
    where benchmarks.accuracy_target_percent is not null
    group by
        {{ dbt.concat(key_expressions) }},
        results.hardware_id,
        results.scenario,
        benchmarks.workload_id,
        benchmarks.accuracy_target_percent

),

final as (

    select
        {{ dbt.concat(['tight.system_key', "'|'", 'tight.workload_id']) }} as accuracy_pair_id,
        tight.hardware_id,
        tight.workload_id,
        tight.scenario,
        loose.accuracy_target_percent as loose_accuracy_target_percent,
        tight.accuracy_target_percent as tight_accuracy_target_percent,
        loose.per_accelerator_result as loose_per_accelerator_result,
        tight.per_accelerator_result as tight_per_accelerator_result,
        {{ aihw.safe_divide('tight.per_accelerator_result', 'loose.per_accelerator_result') }}
            as tight_to_loose_throughput_ratio,
        1 - {{ aihw.safe_divide('tight.per_accelerator_result', 'loose.per_accelerator_result') }}
            as accuracy_cost_share,
        'derived:1-tight/loose per-accelerator throughput (measured:mlperf)' as provenance
    from variants as tight
    inner join variants as loose
        on
            tight.system_key = loose.system_key
            and tight.workload_id = loose.workload_id
            and tight.accuracy_target_percent > loose.accuracy_target_percent

)

select * from final
