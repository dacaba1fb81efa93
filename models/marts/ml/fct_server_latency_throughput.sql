{#- What the Server scenario's latency bound costs: for every hardware and benchmark whose Server scenario
    defines a latency (stg_reference__mlperf_latency_constraints: a 99th-percentile query bound, or TTFT and
    TPOT bounds for token-latency LLMs), the PREDICTED per-accelerator throughput within that bound next to
    the unconstrained (Offline) one, the share kept, and for token-latency LLMs the concurrent streams one
    accelerator can serve at the TPOT bound (an upper bound). Measured shares pair the Offline and Server
    results of the same MLPerf submission (same system and accelerator count). -#}

with

predicted as (

    select * from {{ ref('fct_predicted_throughput') }}

),

results as (

    select * from {{ ref('fct_mlperf_results') }}

),

latency_constraints as (

    select * from {{ ref('stg_reference__mlperf_latency_constraints') }}

),

server as (

    select * from predicted
    where scenario = 'Server'

),

offline as (

    select * from predicted
    where scenario = 'Offline'

),

-- one submission's Server result over its Offline result (same system, accelerators and benchmark)
measured_pairs as (

    select
        server_results.hardware_id,
        server_results.benchmark_model,
        {{ latency_bound_throughput_share(
            'server_results.per_accelerator_result', 'offline_results.per_accelerator_result'
        ) }} as latency_bound_share
    from results as server_results
    inner join results as offline_results
        on
            server_results.public_id = offline_results.public_id
            and server_results.system_name = offline_results.system_name
            and server_results.hardware_id = offline_results.hardware_id
            and server_results.benchmark_model = offline_results.benchmark_model
            and server_results.total_accelerators = offline_results.total_accelerators
    where
        server_results.scenario = 'Server'
        and offline_results.scenario = 'Offline'
        and server_results.per_accelerator_result > 0
        and offline_results.per_accelerator_result > 0

),

measured as (

    select
        hardware_id,
        benchmark_model,
        count(*) as measured_pairs,
        {{ median('latency_bound_share') }} as measured_latency_bound_share
    from measured_pairs
    group by hardware_id, benchmark_model

),

final as (

    select
        {{ dbt.concat(["server.hardware_id", "':'", "server.benchmark_model"]) }} as server_latency_throughput_id,
        server.hardware_id,
        server.hardware_name,
        server.manufacturer_name,
        server.architecture_name,
        server.benchmark_model,
        latency_constraints.latency_percentile,
        latency_constraints.query_latency_bound_ms,
        latency_constraints.ttft_bound_ms,
        latency_constraints.tpot_bound_ms,
        server.units as server_units,
        server.predicted_per_accelerator as predicted_server_per_accelerator,
        server.pi80_low as predicted_server_pi80_low,
        server.pi80_high as predicted_server_pi80_high,
        offline.units as offline_units,
        offline.predicted_per_accelerator as predicted_offline_per_accelerator,
        {{ latency_bound_throughput_share('server.predicted_per_accelerator', 'offline.predicted_per_accelerator') }}
            as predicted_latency_bound_share,
        {{ streams_at_tpot_bound('server.predicted_per_accelerator', 'latency_constraints.tpot_bound_ms') }}
            as predicted_streams_at_tpot_bound,
        coalesce(measured.measured_pairs, 0) as measured_pairs,
        measured.measured_latency_bound_share,
        server.is_out_of_domain or coalesce(offline.is_out_of_domain, false) as is_out_of_domain,
        server.interval_class,
        server.prediction_provenance,
        server.model_version
    from server
    inner join latency_constraints
        on
            server.benchmark_model = latency_constraints.benchmark_model
            and server.scenario = latency_constraints.scenario
    left join offline
        on
            server.hardware_id = offline.hardware_id
            and server.benchmark_model = offline.benchmark_model
    left join measured
        on
            server.hardware_id = measured.hardware_id
            and server.benchmark_model = measured.benchmark_model

)

select * from final
