-- Held-out error of the model and both baselines per validation protocol.
select
    protocol,
    model_or_baseline,
    evaluated_rows,
    evaluated_accelerators,
    median_absolute_percentage_error,
    share_within_25_percent,
    coverage_80,
    model_version
from {{ ref('fct_model_validation') }}
where protocol in ('loao', 'loarch', 'temporal')
