with

source as (

    select * from {{ ref('price_quotes') }}

),

renamed as (

    select
        {{ dbt.concat([clean_text(adapter.quote('hardware_id')), "':'", clean_text(adapter.quote('quote_date'))]) }}
            as price_quote_id,
        {{ clean_text(adapter.quote('hardware_id')) }} as hardware_id,
        {{ to_double(adapter.quote('price_usd')) }} as price_usd,
        cast({{ clean_text(adapter.quote('quote_date')) }} as date) as quote_date,
        {{ clean_text(adapter.quote('source')) }} as price_source,
        {{ clean_text(adapter.quote('note')) }} as note
    from source

)

select * from renamed
