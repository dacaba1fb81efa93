{#- Cheapest hardware meeting a throughput requirement, per workload. The requirement is, per benchmark and
    scenario, the median measured MLPerf v5.0 system result (a typical submitted system), unless the var
    throughput_requirements overrides it ({'llama2-70b-99|Offline': 50000, ...}). For each priced hardware:
    accelerators needed = ceil(requirement / predicted per-accelerator throughput), and a conservative count
    on the low end of the 80% interval; cost = count x price. Throughput is PREDICTED (see provenance). -#}
{%- set overrides = var('throughput_requirements', {}) -%}

with

predicted as (

    select * from {{ ref('fct_predicted_throughput') }}

),

results as (

    select * from {{ ref('fct_mlperf_results') }}

),

typical_systems as (

    select
        benchmark_model,
        scenario,
        {{ median('system_result') }} as median_system_result
    from results
    -- the rounds the model is trained on (the other rounds' software is faster or slower: ml_mlperf_history_rows)
    where per_accelerator_result is not null and {{ aihw.is_training_round('round') }}
    group by benchmark_model, scenario

),

requirements as (

    select
        benchmark_model,
        scenario,
        {%- if overrides %}
            case {{ dbt.concat(["benchmark_model", "'|'", "scenario"]) }}
                {%- for key, value in overrides.items() %}
                    when '{{ key }}' then {{ value }}
                {%- endfor %}
                else median_system_result
            end as required_throughput,
            case
                when {{ dbt.concat(["benchmark_model", "'|'", "scenario"]) }} in ('{{ overrides.keys() | join("', '") }}')
                    then 'var throughput_requirements'
                else 'median MLPerf v5.0 system result'
            end as requirement_basis
        {%- else %}
            median_system_result as required_throughput,
            'median MLPerf v5.0 system result' as requirement_basis
        {%- endif %}
    from typical_systems

),

-- how many hardware have a prediction for the workload, and how many of them a card price (quote, launch or
-- street; fct_hardware_metrics never takes a system_share price): the share the ranking below is drawn from
candidates as (

    {{ priced_candidate_counts('predicted') }}

),

costed as (

    select
        predicted.hardware_id,
        predicted.hardware_name,
        predicted.benchmark_model,
        predicted.scenario,
        predicted.units,
        requirements.required_throughput,
        requirements.requirement_basis,
        predicted.predicted_per_accelerator,
        predicted.pi80_low,
        predicted.price_usd,
        predicted.price_kind,
        predicted.is_out_of_domain,
        predicted.prediction_provenance,
        candidates.candidates_count,
        candidates.priced_candidates_count,
        ceiling({{ safe_divide('requirements.required_throughput', 'predicted.predicted_per_accelerator') }})
            as accelerators_needed,
        ceiling({{ safe_divide('requirements.required_throughput', 'predicted.pi80_low') }})
            as accelerators_needed_conservative
    from predicted
    inner join requirements
        on
            predicted.benchmark_model = requirements.benchmark_model
            and predicted.scenario = requirements.scenario
    inner join candidates
        on
            predicted.benchmark_model = candidates.benchmark_model
            and predicted.scenario = candidates.scenario
    where predicted.price_usd is not null and predicted.predicted_per_accelerator > 0

),

final as (

    select
        {{ dbt.concat(["hardware_id", "':'", "benchmark_model", "':'", "scenario"]) }} as cost_option_id,
        *,
        accelerators_needed * price_usd as total_cost_usd,
        accelerators_needed_conservative * price_usd as total_cost_conservative_usd,
        rank() over (
            partition by benchmark_model, scenario, is_out_of_domain
            order by accelerators_needed * price_usd asc
        ) as cost_rank,
        not is_out_of_domain
        and rank() over (
            partition by benchmark_model, scenario, is_out_of_domain
            order by accelerators_needed * price_usd asc
        ) = 1 as is_cheapest_in_domain
    from costed

)

select * from final
