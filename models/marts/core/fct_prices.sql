{#- Prices with their source, kind and year: launch prices from Epoch AI (ml_hardware.csv; 'system_share'
    where the price's own source text says it is a per-card share of a system price - price_kind_rules - so
    it is never used as a card price), street prices from the PassMark compilation (price at the time of the
    PassMark test year) and the quotes users add to seeds/reference/price_quotes.csv. -#}

with

specs as (

    select * from {{ ref('int_hardware__specs') }}

),

passmark as (

    select * from {{ ref('fct_passmark_benchmarks') }}

),

quotes as (

    select * from {{ ref('stg_reference__price_quotes') }}

),

price_kind_rules as (

    select * from {{ ref('stg_reference__price_kind_rules') }}

),

launch_price_rules as (

    select
        hardware_key,
        release_price_usd,
        price_source,
        release_date,
        {{ aihw.first_matching_rule('price_source', ref('stg_reference__price_kind_rules')) }} as rule_id
    from specs
    where release_price_usd is not null

),

launch_prices as (

    select
        {{ dbt.concat(["'launch:'", "launch_price_rules.hardware_key"]) }} as price_id,
        launch_price_rules.hardware_key as hardware_id,
        launch_price_rules.release_price_usd as price_usd,
        coalesce(price_kind_rules.price_kind, 'launch') as price_kind,
        coalesce(launch_price_rules.price_source, 'ml_hardware.csv') as price_source,
        cast({{ dbt.date_trunc('year', 'launch_price_rules.release_date') }} as date) as price_year_start
    from launch_price_rules
    left join price_kind_rules
        on launch_price_rules.rule_id = price_kind_rules.rule_id

),

street_prices as (

    select
        {{ dbt.concat(["'street:'", "cast(passmark_result_id as " ~ dbt.type_string() ~ ")"]) }} as price_id,
        hardware_id,
        price_usd,
        'street' as price_kind,
        'PassMark GPU benchmarks compilation' as price_source,
        cast({{ dbt.concat(["cast(test_year as " ~ dbt.type_string() ~ ")", "'-01-01'"]) }} as date) as price_year_start
    from passmark
    where price_usd is not null

),

quote_prices as (

    select
        {{ dbt.concat(["'quote:'", "price_quote_id"]) }} as price_id,
        hardware_id,
        price_usd,
        'quote' as price_kind,
        price_source,
        cast({{ dbt.date_trunc('year', 'quote_date') }} as date) as price_year_start
    from quotes

),

final as (

    select * from launch_prices
    union all
    select * from street_prices
    union all
    select * from quote_prices

)

select * from final
