{#- Best throughput under a budget, per workload: for each priced hardware and budget (var budgets_usd),
    accelerators affordable = floor(budget / price) and throughput = that count x the PREDICTED
    per-accelerator throughput (with the 80% interval's low end alongside). -#}
{%- set budgets = var('budgets_usd', [10000, 100000, 1000000]) -%}

with

predicted as (

    select * from {{ ref('fct_predicted_throughput') }}

),

budgets as (

    {% for budget in budgets %}
        select cast({{ budget }} as {{ type_double() }}) as budget_usd
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

-- how many hardware have a prediction for the workload, and how many of them a card price (quote, launch or
-- street; fct_hardware_metrics never takes a system_share price), whatever the budget
candidates as (

    {{ priced_candidate_counts('predicted') }}

),

affordable as (

    select
        predicted.hardware_id,
        predicted.hardware_name,
        predicted.benchmark_model,
        predicted.scenario,
        predicted.units,
        budgets.budget_usd,
        predicted.price_usd,
        predicted.price_kind,
        predicted.is_out_of_domain,
        predicted.prediction_provenance,
        candidates.candidates_count,
        candidates.priced_candidates_count,
        floor(budgets.budget_usd / predicted.price_usd) as accelerators_affordable,
        predicted.predicted_per_accelerator,
        predicted.pi80_low
    from predicted
    inner join candidates
        on
            predicted.benchmark_model = candidates.benchmark_model
            and predicted.scenario = candidates.scenario
    cross join budgets
    where predicted.price_usd > 0

),

final as (

    select
        {{ dbt.concat([
            "hardware_id", "':'", "benchmark_model", "':'", "scenario", "':'",
            "cast(cast(budget_usd as " ~ dbt.type_bigint() ~ ") as " ~ dbt.type_string() ~ ")"
        ]) }} as budget_option_id,
        *,
        accelerators_affordable * predicted_per_accelerator as predicted_throughput,
        accelerators_affordable * pi80_low as predicted_throughput_pi80_low,
        rank() over (
            partition by benchmark_model, scenario, budget_usd, is_out_of_domain
            order by accelerators_affordable * predicted_per_accelerator desc
        ) as throughput_rank
    from affordable
    where accelerators_affordable >= 1

)

select * from final
