-- Every chip x benchmark x scenario x round with a throughput (measured, else predicted): the headline charts.
select
    hardware_id,
    hardware_name,
    manufacturer_name,
    benchmark_model,
    scenario,
    mlperf_round,
    is_measured,
    throughput_provenance,
    throughput_per_accelerator,
    throughput_units,
    predicted_pi80_low,
    predicted_pi80_high,
    is_out_of_domain,
    model_version,
    tdp_watts,
    throughput_per_watt,
    throughput_per_watt_units,
    price_usd,
    price_kind,
    price_source,
    throughput_per_usd,
    throughput_per_usd_units
from {{ ref('fct_accelerator_efficiency_answers') }}
where throughput_per_accelerator is not null
