{#- Multi-accelerator scaling measured from MLPerf: per chip x benchmark x scenario (x round once the rounds
    land), the best per-accelerator result at each system size, relative to the smallest system of that
    chip on that benchmark (scaling_efficiency = per-accelerator result at n / at the smallest n; 1 = linear,
    below 1 = per-card throughput falls with more cards, above 1 = the data shows it rising, e.g. better
    software on the bigger submission). The chip's intra-node interconnect bandwidth (dim_hardware) says by
    which interconnect. Only groups with at least two system sizes. Measured results only: an MLCommons
    'inferred' result (is_inferred) is not a measurement of its system (v3.1's 1 x RTX A5000 BERT-99 Offline,
    inferred from an ONNX Runtime run, made its TensorRT 2-card system scale 19.6x per card). -#}
{%- set results_relation = ref('fct_mlperf_results') -%}
{%- set group_parts = ['hardware_id', 'benchmark_model', 'scenario'] -%}
{%- if execute -%}
    {%- for column in adapter.get_columns_in_relation(results_relation) -%}
        {%- if column.name == 'round' -%}{%- do group_parts.append('round') -%}{%- endif -%}
    {%- endfor -%}
{%- endif -%}
{%- set group_expressions = [] -%}
{%- for part in group_parts -%}
    {%- if not loop.first %}{% do group_expressions.append("'|'") %}{% endif -%}
    {%- do group_expressions.append('cast(' ~ adapter.quote(part) ~ ' as ' ~ dbt.type_string() ~ ')') -%}
{%- endfor -%}

with

results as (

    select * from {{ results_relation }}
    where
        per_accelerator_result > 0 and total_accelerators > 0
        and not {{ aihw.is_latency_result('scenario', 'units') }}
        and not coalesce(is_inferred, false)

),

hardware as (

    select * from {{ ref('dim_hardware') }}

),

by_size as (

    select
        {{ dbt.concat(group_expressions) }} as scaling_group,
        hardware_id,
        benchmark_model,
        scenario,
        total_accelerators,
        max(per_accelerator_result) as best_per_accelerator_result,
        count(*) as results
    from results
    group by
        {{ dbt.concat(group_expressions) }},
        hardware_id,
        benchmark_model,
        scenario,
        total_accelerators

),

with_reference as (

    select
        *,
        min(total_accelerators) over (partition by scaling_group) as reference_accelerators,
        count(*) over (partition by scaling_group) as system_sizes
    from by_size

),

reference as (

    select
        scaling_group,
        best_per_accelerator_result as reference_per_accelerator_result
    from with_reference
    where total_accelerators = reference_accelerators

),

final as (

    select
        {{ dbt.concat(['with_reference.scaling_group', "'|'",
            'cast(with_reference.total_accelerators as ' ~ dbt.type_string() ~ ')']) }} as scaling_id,
        with_reference.scaling_group,
        with_reference.hardware_id,
        with_reference.benchmark_model,
        with_reference.scenario,
        with_reference.total_accelerators,
        with_reference.reference_accelerators,
        with_reference.results,
        with_reference.best_per_accelerator_result,
        reference.reference_per_accelerator_result,
        {{ aihw.safe_divide('with_reference.best_per_accelerator_result',
            'reference.reference_per_accelerator_result') }} as scaling_efficiency,
        hardware.intranode_bandwidth_gb_per_s,
        'derived:best per-accelerator result / that of the smallest system (measured:mlperf)' as provenance
    from with_reference
    inner join reference
        on with_reference.scaling_group = reference.scaling_group
    left join hardware
        on with_reference.hardware_id = hardware.hardware_id
    where with_reference.system_sizes >= 2

)

select * from final
