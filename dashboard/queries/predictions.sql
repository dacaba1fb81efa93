-- python_ml's prediction for every chip with specs, benchmark and scenario: what would chip Y do.
select
    hardware_id,
    hardware_name,
    benchmark_model,
    scenario,
    units,
    predicted_per_accelerator,
    pi80_low,
    pi80_high,
    roofline_bound_per_accelerator,
    is_out_of_domain,
    out_of_domain_reason,
    prediction_provenance,
    model_version
from {{ ref('fct_predicted_throughput') }}
where predicted_per_accelerator is not null
