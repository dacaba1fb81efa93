{#- The contracted training set of the MLPerf throughput model: the history rows (ml_mlperf_history_rows) of
    the rounds the model trains on (var mlperf_training_rounds, dbt_project.yml). -#}

with

history as (

    select * from {{ ref('ml_mlperf_history_rows') }}

),

final as (

    select * from history
    where {{ aihw.is_training_round('round') }}

)

select * from final
