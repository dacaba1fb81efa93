{#- MLPerf rows (every round) whose unit is judged wrong by magnitude (a mislabel, with its evidence against
    the accelerator's compute roofline), above the roofline, or whose unit differs from the unit the rest of their round, benchmark and scenario report, or from
    the unit the workload reference gives for it. They are excluded from per-accelerator figures
    (fct_mlperf_results.per_accelerator_provenance). -#}

with

unit_checks as (

    select * from {{ ref('int_mlperf__unit_checks') }}

),

final as (

    select
        mlperf_result_id,
        round,
        benchmark_model,
        scenario,
        units,
        expected_units,
        reference_units,
        distinct_units,
        label_kind,
        judged_kind,
        is_mislabel,
        per_accelerator_value,
        compute_bound_per_accelerator,
        share_of_roofline,
        tokens_per_sample_judged,
        magnitude_evidence,
        inconsistency_reason
    from unit_checks
    where not is_unit_consistent

)

select * from final
