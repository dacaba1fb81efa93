{#- Every MLPerf result of every round in one conformed shape: v5.0's results table (mlperf.csv) and the
    round files (mlperf_rounds/*.csv). round is 'v<major>.<minor>' (v5.0's from its Public ID prefix),
    round_order sorts it; benchmark_model is conformed through mlperf_benchmark_aliases (resnet50 -> resnet);
    metric_kind separates latencies (SingleStream/MultiStream, ms, lower is better) from throughputs.
    mlperf_result_id is the stable key: round, source location, benchmark as published and scenario (a
    duplicate copy, flagged duplicate_result, gets '#<copy>'), never a file row number. v5.0's file has no
    source location: its result is located by Public ID, system name and accelerator. -#}

{%- set v5_source = raw_sources() | selectattr('source', 'equalto', 'mlperf') | first -%}

with

v5_results as (

    select * from {{ ref('stg_mlperf__inference_results') }}

),

round_results as (

    select * from {{ ref('stg_mlperf_rounds__results') }}

),

benchmark_aliases as (

    select * from {{ ref('stg_reference__mlperf_benchmark_aliases') }}

),

v5_conformed as (

    select
        'mlperf' as source,
        '{{ v5_source.raw_file }}' as source_file,
        source_line_number,
        {{ dbt.concat(["'v'", dbt.split_part('public_id', "'-'", 1)]) }} as round,
        {{ aihw.mlperf_round_order(dbt.split_part('public_id', "'-'", 1)) }} as round_order,
        {{ dbt.concat([
            "coalesce(public_id, '')", "'/'", "coalesce(system_name, '')", "'/'", "coalesce(accelerator_name, '')"
        ]) }} as source_location,
        public_id,
        organization,
        availability,
        cast('datacenter' as {{ dbt.type_string() }}) as category,
        system_name,
        host_processor,
        host_processor_core_count,
        case when upper(accelerator_name) not in ('N/A', 'NA', 'NONE') then accelerator_name end as accelerator_name,
        case when upper(accelerator_name) not in ('N/A', 'NA', 'NONE') then accelerator_name end
            as accelerator_name_resolved,
        accelerator_count as accelerators_per_node,
        node_count,
        accelerator_count * node_count as total_accelerators,
        benchmark_model as benchmark_model_as_published,
        scenario,
        units,
        system_result,
        cast(null as {{ aihw.type_double() }}) as tokens_per_sample,
        cast(null as {{ dbt.type_boolean() }}) as is_inferred
    from v5_results

),

rounds_conformed as (

    select
        'mlperf_rounds' as source,
        source_file,
        source_line_number,
        round,
        round_order,
        source_location,
        cast(null as {{ dbt.type_string() }}) as public_id,
        organization,
        availability,
        category,
        system_name,
        cast(null as {{ dbt.type_string() }}) as host_processor,
        cast(null as {{ dbt.type_int() }}) as host_processor_core_count,
        accelerator_name_as_published as accelerator_name,
        accelerator_name as accelerator_name_resolved,
        accelerators_per_node,
        node_count,
        total_accelerators,
        benchmark_model_as_published,
        scenario,
        units,
        system_result,
        tokens_per_sample,
        is_inferred
    from round_results

),

unioned as (

    select * from v5_conformed
    union all
    select * from rounds_conformed

),

keyed as (

    select
        unioned.*,
        coalesce(benchmark_aliases.benchmark_model, unioned.benchmark_model_as_published) as benchmark_model,
        case
            when unioned.scenario in ('SingleStream', 'MultiStream') then 'latency'
            else 'throughput'
        end as metric_kind,
        row_number() over (
            partition by unioned.round, unioned.source_location, unioned.benchmark_model_as_published, unioned.scenario
            order by unioned.source_file, unioned.source_line_number
        ) as copy_number
    from unioned
    left join benchmark_aliases
        on unioned.benchmark_model_as_published = benchmark_aliases.benchmark_model_as_published

),

final as (

    select
        {{ dbt.concat([
            'round', "':'", 'source_location', "':'", 'benchmark_model_as_published', "':'", 'scenario',
            "case when copy_number > 1 then " ~ dbt.concat(["'#'", dbt.safe_cast('copy_number', dbt.type_string())]) ~ " else '' end"
        ]) }} as mlperf_result_id,
        round,
        round_order,
        source,
        source_file,
        source_line_number,
        source_location,
        public_id,
        organization,
        availability,
        category,
        system_name,
        host_processor,
        host_processor_core_count,
        accelerator_name,
        accelerator_name_resolved,
        accelerators_per_node,
        node_count,
        total_accelerators,
        benchmark_model,
        benchmark_model_as_published,
        scenario,
        metric_kind,
        units,
        system_result,
        tokens_per_sample,
        is_inferred
    from keyed

)

select * from final
