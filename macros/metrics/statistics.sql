{#- Portable statistics for the metrics, imputation and analysis models. corr(), regr_slope(), regr_intercept(),
    regr_sxx(), regr_syy(), regr_sxy(), regr_count() and ln() exist on DuckDB, PostgreSQL, Spark and Trino;
    the median and the t quantile need help. -#}

{#- median of a numeric expression (an aggregate, not a window function) -#}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median', 'aihw')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{% macro spark__median(expression) -%}
    percentile({{ expression }}, 0.5)
{%- endmacro %}

{#- two-sided 95% Student t quantile t(0.975, df) for an integer expression df >= 1 (table to df 30, then
    the normal 1.96 for larger samples; the error of that step is < 2%) -#}
{% macro t_quantile_975(df_expression) -%}
    {%- set table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052,
        2.048, 2.045, 2.042] -%}
    case
        {%- for t in table %}
        when {{ df_expression }} = {{ loop.index }} then {{ t }}
        {%- endfor %}
        when {{ df_expression }} > {{ table | length }} then 1.96
    end
{%- endmacro %}

{#- absolute percentage error of an estimate against the reported value, as a fraction (0.25 = 25%) -#}
{% macro absolute_percentage_error(estimate, reported) -%}
    {{ aihw.safe_divide("abs((" ~ estimate ~ ") - (" ~ reported ~ "))", reported) }}
{%- endmacro %}

{#- Settings of the rule-based imputation, used by the imputation models and their error evaluation alike;
    declared once as dbt vars in dbt_project.yml (imputation_ratio_targets, imputation_min_ratio_pairs). -#}
{% macro imputation_settings() -%}
    {{ return({
        'ratio_targets': var('imputation_ratio_targets'),
        'min_pairs': var('imputation_min_ratio_pairs'),
    }) }}
{%- endmacro %}

{#- The quantities the rule-based imputation fills, in order: the ratio targets (estimated from FP32) and TDP
    (the architecture median). -#}
{% macro imputed_quantities() -%}
    {{ return((var('imputation_ratio_targets') | list) + ['tdp_watts']) }}
{%- endmacro %}
