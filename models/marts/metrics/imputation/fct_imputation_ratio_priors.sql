{#- What the rule-based imputation is fitted on, from every reported pair (fct_imputation_ratio_pairs):
    * per quantity and architecture the median ratio to FP32 (or the median TDP), used when the architecture
      has at least min_pairs products with both values;
    * global fallbacks for products whose architecture has too few pairs: the log-log regression
      FP32 -> FP16 (ln fp16 = intercept + slope x ln fp32) and the fixed factors (FP16 = 2 x FP32,
      INT8 = 8 x FP32). Per quantity the fallback with the lowest measured error
      (fct_imputation_method_errors) is the preferred one. -#}
{%- set settings = imputation_settings() -%}

with

pairs as (

    select * from {{ ref('fct_imputation_ratio_pairs') }}

),

method_errors as (

    select * from {{ ref('fct_imputation_method_errors') }}

),

architecture_medians as (

    select
        quantity,
        architecture_id,
        case
            when quantity = 'tdp_watts' then 'architecture_median'
            else 'architecture_median_ratio'
        end as method,
        {{ median('reported_ratio') }} as median_ratio,
        cast(null as {{ type_double() }}) as slope,
        cast(null as {{ type_double() }}) as intercept,
        count(*) as pair_count
    from pairs
    where architecture_id is not null
    group by quantity, architecture_id
    having count(*) >= {{ settings.min_pairs }}

),

fp16_regression as (

    select
        quantity,
        cast(null as {{ dbt.type_string() }}) as architecture_id,
        'regression_log_fp32' as method,
        cast(null as {{ type_double() }}) as median_ratio,
        regr_slope(ln(reported_value), ln(base_value)) as slope,
        regr_intercept(ln(reported_value), ln(base_value)) as intercept,
        count(*) as pair_count
    from pairs
    where quantity = 'fp16_tflops'
    group by quantity

),

fixed_factors as (

    {% for quantity, factor in settings.ratio_targets.items() if factor is not none %}
        select
            '{{ quantity }}' as quantity,
            cast(null as {{ dbt.type_string() }}) as architecture_id,
            'fixed_factor_{{ factor }}x_fp32' as method,
            cast({{ factor }} as {{ type_double() }}) as median_ratio,
            cast(null as {{ type_double() }}) as slope,
            cast(null as {{ type_double() }}) as intercept,
            cast(null as {{ dbt.type_bigint() }}) as pair_count
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

priors as (

    select * from architecture_medians
    union all
    select * from fp16_regression
    union all
    select * from fixed_factors

),

fallbacks_ranked as (

    select
        priors.quantity,
        priors.method,
        row_number() over (
            partition by priors.quantity
            order by method_errors.median_absolute_percentage_error asc nulls last, priors.method asc
        ) as fallback_rank
    from priors
    left join method_errors
        on
            priors.quantity = method_errors.quantity
            and priors.method = method_errors.method
    where priors.architecture_id is null

),

final as (

    select
        {{ dbt.concat(["priors.quantity", "':'", "priors.method", "':'", "coalesce(priors.architecture_id, 'all')"]) }}
            as ratio_prior_id,
        priors.quantity,
        priors.architecture_id,
        priors.method,
        priors.median_ratio,
        priors.slope,
        priors.intercept,
        priors.pair_count,
        coalesce(fallbacks_ranked.fallback_rank = 1, false) as is_preferred_fallback
    from priors
    left join fallbacks_ranked
        on
            priors.architecture_id is null
            and priors.quantity = fallbacks_ranked.quantity
            and priors.method = fallbacks_ranked.method

)

select * from final
