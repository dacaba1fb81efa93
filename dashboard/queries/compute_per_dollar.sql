-- Peak compute per dollar of list price by release date, per precision (the FLOP/s-per-dollar trend).
select
    hardware_name,
    release_date,
    precision,
    giga_ops_per_s_per_usd,
    value_provenance,
    price_kind
from {{ ref('fct_compute_per_dollar_by_release') }}
where giga_ops_per_s_per_usd is not null
