{#- Per benchmark and scenario: how many hardware have a positive prediction (candidates_count) and how many of
    them a card price (priced_candidates_count), from a relation with benchmark_model, scenario, hardware_id,
    predicted_per_accelerator and price_usd. The cost marts (fct_cost_to_meet_requirement,
    fct_throughput_under_budget) say with it what share of the candidates their ranking is drawn from. -#}
{% macro priced_candidate_counts(relation) -%}
    select
        benchmark_model,
        scenario,
        count(distinct hardware_id) as candidates_count,
        count(distinct case when price_usd > 0 then hardware_id end) as priced_candidates_count
    from {{ relation }}
    where predicted_per_accelerator > 0
    group by benchmark_model, scenario
{%- endmacro %}
