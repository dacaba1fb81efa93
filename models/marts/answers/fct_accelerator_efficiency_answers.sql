{#- The headline answer: throughput per accelerator, per watt and per dollar for every chip, MLPerf benchmark,
    scenario and round, measured where MLPerf published a result and predicted by python_ml otherwise (both
    are shown where both exist). One row per hardware x benchmark x scenario x round. The throughput used
    for the per-watt and per-dollar figures is the measured median when is_measured, else the prediction;
    throughput_provenance says which. Power is the chip's spec TDP; the price is the one price definition of
    dim_hardware_specs (quote, else launch, else median street) with its kind and source. -#}

with

results as (

    select * from {{ ref('fct_mlperf_results') }}

),

predictions as (

    select * from {{ ref('fct_predicted_throughput') }}

),

hardware_specs as (

    select * from {{ ref('dim_hardware_specs') }}

),

hardware as (

    select * from {{ ref('dim_hardware') }}

),

manufacturers as (

    select * from {{ ref('dim_manufacturers') }}

),

architectures as (

    select * from {{ ref('dim_architectures') }}

),

prices as (

    select * from {{ ref('fct_prices') }}

),

measured as (

    select
        hardware_id,
        benchmark_model,
        scenario,
        round as mlperf_round,
        round_order,
        per_accelerator_units as units,
        count(*) as measured_results,
        {{ aihw.median('per_accelerator_result') }} as measured_median_per_accelerator,
        max(per_accelerator_result) as measured_best_per_accelerator
    from results
    where
        hardware_id is not null
        and per_accelerator_result is not null
    group by
        hardware_id,
        benchmark_model,
        scenario,
        round,
        round_order,
        per_accelerator_units

),

latest_round_order as (

    select max(round_order) as round_order
    from measured

),

latest_round as (

    select distinct measured.mlperf_round
    from measured
    inner join latest_round_order on measured.round_order = latest_round_order.round_order

),

predicted as (

    select
        predictions.hardware_id,
        predictions.benchmark_model,
        predictions.scenario,
        latest_round.mlperf_round,
        predictions.units,
        predictions.predicted_per_accelerator,
        predictions.pi80_low as predicted_pi80_low,
        predictions.pi80_high as predicted_pi80_high,
        predictions.is_out_of_domain,
        predictions.prediction_provenance,
        predictions.model_version
    from predictions
    cross join latest_round

),

combined as (

    select
        coalesce(measured.hardware_id, predicted.hardware_id) as hardware_id,
        coalesce(measured.benchmark_model, predicted.benchmark_model) as benchmark_model,
        coalesce(measured.scenario, predicted.scenario) as scenario,
        coalesce(measured.mlperf_round, predicted.mlperf_round) as mlperf_round,
        coalesce(measured.units, predicted.units) as throughput_units,
        measured.hardware_id is not null as is_measured,
        coalesce(measured.measured_results, 0) as measured_results,
        measured.measured_median_per_accelerator,
        measured.measured_best_per_accelerator,
        predicted.predicted_per_accelerator,
        predicted.predicted_pi80_low,
        predicted.predicted_pi80_high,
        predicted.is_out_of_domain,
        predicted.model_version,
        coalesce(measured.measured_median_per_accelerator, predicted.predicted_per_accelerator)
            as throughput_per_accelerator,
        case
            when measured.hardware_id is not null
                then 'derived:median(system_result / total_accelerators)'
            else predicted.prediction_provenance
        end as throughput_provenance
    from measured
    full outer join predicted
        on
            measured.hardware_id = predicted.hardware_id
            and measured.benchmark_model = predicted.benchmark_model
            and measured.scenario = predicted.scenario
            and measured.mlperf_round = predicted.mlperf_round

),

-- where the price of dim_hardware_specs comes from: the sources of the prices of its kind
price_sources as (

    select
        hardware_id,
        price_kind,
        min(price_source) as price_source
    from prices
    group by hardware_id, price_kind

),

final as (

    select
        {{ dbt.concat([
            "combined.hardware_id", "':'", "combined.benchmark_model", "':'", "combined.scenario", "':'",
            "combined.mlperf_round",
        ]) }} as answer_id,
        combined.hardware_id,
        hardware.hardware_name,
        manufacturers.manufacturer_name,
        architectures.architecture_name,
        hardware.release_date as hardware_release_date,
        combined.benchmark_model,
        combined.scenario,
        combined.mlperf_round,
        combined.throughput_units,
        combined.is_measured,
        combined.measured_results,
        combined.measured_median_per_accelerator,
        combined.measured_best_per_accelerator,
        combined.predicted_per_accelerator,
        combined.predicted_pi80_low,
        combined.predicted_pi80_high,
        combined.is_out_of_domain,
        combined.model_version,
        combined.throughput_per_accelerator,
        combined.throughput_provenance,
        hardware_specs.tdp_watts,
        hardware_specs.tdp_source,
        {{ aihw.per_watt('combined.throughput_per_accelerator', 'hardware_specs.tdp_watts') }} as throughput_per_watt,
        {{ dbt.concat(["combined.throughput_units", "' per W'"]) }} as throughput_per_watt_units,
        hardware_specs.price_usd,
        hardware_specs.price_kind,
        price_sources.price_source,
        {{ aihw.per_usd('combined.throughput_per_accelerator', 'hardware_specs.price_usd') }} as throughput_per_usd,
        {{ dbt.concat(["combined.throughput_units", "' per USD'"]) }} as throughput_per_usd_units
    from combined
    inner join hardware
        on combined.hardware_id = hardware.hardware_id
    left join manufacturers
        on hardware.manufacturer_id = manufacturers.manufacturer_id
    left join architectures
        on hardware.architecture_id = architectures.architecture_id
    left join hardware_specs
        on combined.hardware_id = hardware_specs.hardware_id
    left join price_sources
        on
            hardware_specs.hardware_id = price_sources.hardware_id
            and hardware_specs.price_kind = price_sources.price_kind

)

select * from final
