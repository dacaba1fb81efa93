{#- The workload figures of every conformed MLPerf benchmark name, derived from the one workload reference
    (seeds/reference/workloads.csv through workload_benchmarks.csv, at the workload's submitted precision from
    precisions.csv; the reported units from mlperf_scenario_units.csv). Nothing here is a new fact: the MLPerf
    units check and the throughput model's contracted input (ml_mlperf_workloads) read these rows.
    Per unit of work: FLOP as the reference gives it (a lower bound); weights = parameters x bytes per value;
    for token workloads the KV cache per context token = 2 x layers x KV heads x head dim x bytes per value and
    the DRAM bytes a generated token must read at least = that x half the stated output length (one beam, the
    prompt's KV excluded: a lower bound); for sample workloads the input values x bytes per value (read once).
    Only conformed names: a spelling that mlperf_benchmark_aliases renames (resnet50 -> resnet) is left out. -#}

with

workloads as (

    select * from {{ ref('stg_reference__workloads') }}

),

benchmarks as (

    select * from {{ ref('stg_reference__workload_benchmarks') }}

),

aliases as (

    select * from {{ ref('stg_reference__mlperf_benchmark_aliases') }}

),

precisions as (

    select * from {{ ref('stg_reference__precisions') }}

),

scenario_units as (

    select * from {{ ref('stg_reference__mlperf_scenario_units') }}

),

conformed_benchmarks as (

    select benchmarks.*
    from benchmarks
    left join aliases
        on
            benchmarks.benchmark_model = aliases.benchmark_model_as_published
            and aliases.benchmark_model != aliases.benchmark_model_as_published
    where aliases.benchmark_model_as_published is null

),

figures as (

    select
        conformed_benchmarks.benchmark_model,
        workloads.workload_id,
        workloads.workload_name as model_name,
        workloads.workload_class,
        workloads.unit_of_work,
        workloads.parameters,
        workloads.active_parameters,
        cast(precisions.bits_per_value as {{ aihw.type_double() }}) as compute_precision_bits,
        workloads.parameters * precisions.bytes_per_value as weight_bytes,
        workloads.flop_per_unit as flops_per_unit,
        workloads.flop_basis as flops_basis,
        case
            when workloads.unit_of_work = 'token' then cast(workloads.output_tokens as {{ aihw.type_double() }})
        end as mean_output_tokens_per_sample,
        case
            when workloads.unit_of_work = 'token' then cast(workloads.beams as {{ aihw.type_double() }})
        end as beams,
        case
            when workloads.unit_of_work = 'token'
                then 2.0 * workloads.layers * workloads.kv_heads * workloads.head_dim * precisions.bytes_per_value
        end as kv_cache_bytes_per_context_token,
        case
            when workloads.unit_of_work = 'token'
                then
                    2.0 * workloads.layers * workloads.kv_heads * workloads.head_dim * precisions.bytes_per_value
                    * workloads.output_tokens / 2.0
            else workloads.input_values_per_unit * precisions.bytes_per_value
        end as min_dram_bytes_per_unit,
        case
            when workloads.unit_of_work = 'token' and workloads.kv_heads is not null
                then 'derived:2*layers*kv_heads*head_dim*bytes_per_value*output_tokens/2 (prompt and weights excluded)'
            when workloads.unit_of_work = 'sample' and workloads.input_values_per_unit is not null
                then 'derived:input_values_per_unit*bytes_per_value (the input must be read once)'
        end as min_bytes_basis,
        workloads.parameters_source_url as params_source_url,
        workloads.flop_source_url as flops_source_url,
        workloads.tokens_source_url,
        workloads.note
    from conformed_benchmarks
    inner join workloads
        on conformed_benchmarks.workload_id = workloads.workload_id
    left join precisions
        on workloads.submitted_precision = precisions.precision_id

),

final as (

    select
        figures.benchmark_model,
        figures.workload_id,
        figures.model_name,
        figures.workload_class,
        figures.unit_of_work,
        offline_units.units as expected_units_offline,
        server_units.units as expected_units_server,
        figures.parameters,
        figures.active_parameters,
        figures.compute_precision_bits,
        figures.weight_bytes,
        figures.flops_per_unit,
        figures.flops_basis,
        figures.mean_output_tokens_per_sample,
        figures.beams,
        figures.kv_cache_bytes_per_context_token,
        figures.min_dram_bytes_per_unit,
        figures.min_bytes_basis,
        figures.params_source_url,
        figures.flops_source_url,
        figures.tokens_source_url,
        figures.note
    from figures
    left join scenario_units as offline_units
        on figures.unit_of_work = offline_units.unit_of_work and offline_units.scenario = 'Offline'
    left join scenario_units as server_units
        on figures.unit_of_work = server_units.unit_of_work and server_units.scenario = 'Server'

)

select * from final
