"""Spec truth (issue 14), on the warehouse the main job published.

* the published spec errors the issue names are listed by marts.fct_spec_consistency_checks and kept out of
  dim_hardware_specs (or replaced by the reviewed vendor figure), so no metric, matrix or tier holds a value
  above the physical bounds the rules declare;
* FP16, tensor and INT8 figures exist only where the architecture has the precision;
* PassMark GPUs that match a spec-sheet row have a reported or derived FP32 (never one estimated from scores);
* the top AI tier holds the data-centre flagships and no entry laptop GPU.
"""

from __future__ import annotations

import duckdb
import pytest

DERIVED_FP32 = "derived:flop_per_shader_clock*shading_units*base_clock"
TOP_AI_TIER = "AI_Flagship"
FLAGSHIPS = ("NVIDIA H100 SXM5 80GB", "NVIDIA H200 SXM", "NVIDIA B200", "AMD Instinct MI300X")
# (hardware_name, rule check, attribute) the issue lists as published errors
ISSUE_EXAMPLES = (
    ("MetaX MXC500 (OAM)", "bandwidth_per_device", "memory_bandwidth_gb_per_s"),
    ("MetaX MXC500 (PCIe)", "bandwidth_per_device", "memory_bandwidth_gb_per_s"),
    ("Amazon Trainium1", "bandwidth_per_device", "memory_bandwidth_gb_per_s"),
    ("NVIDIA GB200 NVL2", "board_not_chip", "memory_bandwidth_gb_per_s"),
    ("NVIDIA GB200 NVL2", "board_not_chip", "memory_size_gb"),
    ("AMD Radeon RX 7900 XTX", "differs_from_reviewed_value", "tdp_watts"),
)


@pytest.fixture(scope="module")
def con(published_warehouse):
    with duckdb.connect(str(published_warehouse), read_only=True) as connection:
        yield connection


def _rows(con, sql: str, params=()) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


@pytest.mark.parametrize(("hardware_name", "check_name", "attribute"), ISSUE_EXAMPLES)
def test_issue_examples_are_listed(con, hardware_name, check_name, attribute):
    rows = _rows(
        con,
        "select published_value, is_value_nulled, reason from marts.fct_spec_consistency_checks "
        "where hardware_name = ? and check_name = ? and attribute = ?",
        (hardware_name, check_name, attribute),
    )
    assert rows, f"{hardware_name}: {check_name} on {attribute} not listed"
    assert all(reason for _, _, reason in rows)


def test_suspect_values_are_not_in_the_wide_table(con):
    # every value a nulling rule rejected: the wide table holds something else (another source, derived, or null)
    leaks = _rows(
        con,
        """
        select checks.hardware_name, checks.attribute, checks.published_value
        from marts.fct_spec_consistency_checks as checks
        inner join marts.dim_hardware_specs as specs
            on checks.hardware_id = specs.hardware_id
        where checks.is_value_nulled and (
            (checks.attribute = 'memory_bandwidth_gb_per_s'
                and specs.memory_bandwidth_gb_per_s = checks.published_value)
            or (checks.attribute = 'memory_size_gb' and specs.memory_size_gb = checks.published_value)
            or (checks.attribute = 'tdp_watts' and specs.tdp_watts = checks.published_value)
            or (checks.attribute = 'tensor_fp16_bf16_tflops'
                and specs.tensor_fp16_bf16_tflops = checks.published_value)
        )
        """,
    )
    assert leaks == []
    xtx_tdp = _rows(
        con, "select tdp_watts from marts.dim_hardware_specs where hardware_name = ?", ("AMD Radeon RX 7900 XTX",)
    )
    assert xtx_tdp == [(355.0,)]


def test_no_physically_impossible_bandwidth_in_metrics_or_matrices(con):
    ((limit,),) = _rows(
        con,
        "select max_value from staging.stg_reference__spec_consistency_rules where check_name = ?",
        ("bandwidth_per_device",),
    )
    for relation in ("marts.dim_hardware_specs", "marts.fct_throughput_efficiency", "marts.matrix_memory_bandwidth"):
        (count,) = _rows(con, f"select count(*) from {relation} where memory_bandwidth_gb_per_s > ?", (limit,))
        assert count == (0,), relation


def test_no_precision_the_architecture_lacks(con):
    # INT8 / tensor / FP16 imputed for a product whose architecture has no such path
    wrong = _rows(
        con,
        """
        select values.hardware_id, values.quantity, values.value_provenance
        from marts.fct_imputation_unified_values as values
        inner join intermediate.int_specs__hardware_capabilities as capabilities
            on values.hardware_id = capabilities.hardware_key
        where values.value_provenance like 'imputed:%' and (
            (values.quantity = 'int8_tops' and capabilities.int8_path = 'none')
            or (values.quantity = 'tensor_fp16_bf16_tflops' and capabilities.tensor_units = 'none')
            or (values.quantity = 'fp16_tflops' and capabilities.fp16_support = 'none')
        )
        """,
    )
    assert wrong == []
    # the issue's example: a GTX 980 Ti (Maxwell) has no INT8 path at all
    assert _rows(
        con,
        "select * from marts.fct_imputation_unified_values as values inner join marts.dim_hardware as hardware "
        "using (hardware_id) where hardware.hardware_name = 'GeForce GTX 980 Ti' and values.quantity = 'int8_tops'",
    ) == []


def test_passmark_gpus_with_a_spec_sheet_row_have_reported_or_derived_fp32(con):
    provenances = dict(
        _rows(
            con,
            """
            select values.value_provenance, count(*)
            from marts.fct_imputation_unified_values as values
            inner join marts.dim_hardware as hardware
                on values.hardware_id = hardware.hardware_id
            inner join intermediate.int_specs__derived_values as derived
                on values.hardware_id = derived.hardware_key
            where
                values.quantity = 'fp32_tflops'
                and hardware.is_in_passmark
                and derived.fp32_tflops is not null
            group by values.value_provenance
            """,
        )
    )
    assert provenances.get(DERIVED_FP32, 0) > 500
    assert set(provenances) <= {"reported", DERIVED_FP32}


def test_flagships_are_in_the_top_ai_tier_and_entry_laptop_gpus_are_not(con):
    for relation in ("marts.fct_hardware_metrics", "marts.matrix_ai_performance"):
        tiers = dict(
            _rows(
                con,
                f"select hardware_name, ai_performance_category from {relation} where hardware_name in (?, ?, ?, ?)",
                FLAGSHIPS,
            )
        )
        assert tiers == {name: TOP_AI_TIER for name in FLAGSHIPS}, relation
        laptops = _rows(
            con,
            f"""
            select metrics.hardware_name, metrics.ai_performance_category
            from {relation} as metrics
            inner join intermediate.int_specs__hardware_segments as segments
                on metrics.hardware_id = segments.hardware_key
            where segments.segment = 'mobile'
            """,
        )
        assert len(laptops) > 20, relation
        assert [row for row in laptops if row[1] == TOP_AI_TIER] == [], relation
