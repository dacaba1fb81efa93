"""The what-if CLI's column-wise checks and output give, row for row, what the row-wise rules give.

The CLI checks values, queries and spreadsheet formulas column by column and fills its output columns at once
(issue 15 item 7: 10,000 rows without per-cell writes). Each test runs both on the same 300 rows (the test
rows of test_predict / test_cli_guards repeated with perturbations, bad rows included): the vectorised code,
and the rules applied one row (or cell) at a time as the CLI did before: landing's check_value then the
physical bound, _query_errors, the per-scored-row copy, the per-cell formula guard."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from aihw.config import PROJECT_ROOT, RAW_REGISTRY
from aihw.landing import check_value, load_contract
from python_ml.modeling.outputs import _NUMBER, CLI_COLUMNS, CLI_FROM_SCORED, FORMULA_TRIGGERS, spreadsheet_safe
from python_ml.modeling.predict import _architectures, _query_errors, cli_output, query_errors
from python_ml.specs_input import SEED, bound_violation, checked_values

COLUMNS = next(c for c in load_contract(PROJECT_ROOT / RAW_REGISTRY) if c.seed_name == SEED).columns
HEADER = ["Hardware name", "Manufacturer", "Release date", "FP32 (single precision) performance (FLOP/s)",
          "Tensor-FP16/BF16 performance (FLOP/s)", "INT8 performance (OP/s)", "Memory size per board (Byte)",
          "Memory bandwidth (byte/s)", "TDP (W)", "Tensor cores", "benchmark", "scenario", "n_accelerators"]
SPECS = ["NVIDIA", "2025-06-01", "9.0e13", "1.5e15", "3.0e15", "2.0e11", "6.0e12", "900", "528"]
BASE = [  # test_predict's rows and test_cli_guards' bad values
    ["Future X1", *SPECS, "llama2-70b-99", "Offline", "8"],
    ["Future X1", *SPECS, "resnet", "Server", "1"],
    ["Future X1", *SPECS, "not-a-benchmark", "Offline", "1"],
    ["Bad Y", "AMD", "2025-06-01", "9.0e13", "lots", "3.0e15", "2.0e11", "6.0e12", "900", "", "resnet", "Offline", "1"],
    ["Empty Z", "AMD", "", "", "", "", "", "", "", "", "resnet", "Offline", "1"],
    ["Huge W", "NVIDIA", "2025-06-01", "9.0e16", "1.5e17", "3.0e17", "2.0e13", "6.0e14", "900", "0", "resnet",
     "Offline", "1"],
    ["Neg", *SPECS[:6], "-6e12", "900", "-1", "llama2-70b-99", "Offline", "8"],
    ["Zero", "NVIDIA", "2025-06-01", "0", "0", "0", "2.0e11", "6.0e12", "900", "", "llama2-70b-99", "Offline", "8"],
    ["Huge", "NVIDIA", "2025-06-01", "1e308", *SPECS[3:], "llama2-70b-99", "Offline", "8"],
    ["Date", "NVIDIA", "20250601", *SPECS[2:], "llama2-70b-99", "Offline", "8"],
    ["No day", "NVIDIA", "2025-02-30", *SPECS[2:], "llama2-70b-99", "Offline", "8"],
    ["Digit", "NVIDIA", "2025-06-01", "٩.0e13", *SPECS[3:], "llama2-70b-99", "Offline", "8"],
    ["Inf", "NVIDIA", "2025-06-01", "1e999", *SPECS[3:], "llama2-70b-99", "Offline", "8"],
    ["Under", "NVIDIA", "2025-06-01", "9_0", *SPECS[3:], "llama2-70b-99", "Offline", "8"],
    ["Half core", *SPECS[:8], "2.5", "resnet", "Offline", "8"],
    ["No core", *SPECS[:8], "-1", "resnet", "Offline", "8"],
    ["=HYPERLINK(\"http://x\")", *SPECS, "llama2-70b-99", "Offline", "8"],
    ["Spaces", "NVIDIA", "2025-06-01", " 9.0e13 ", *SPECS[3:], " resnet ", "Offline ", " 4 "],
    ["Scenario", *SPECS, "resnet", "Nope", "1"],
]
ACCELERATORS = ["8", "1000000000", "0.5", "0", "-8", "1e308", "1_0", "١٠", "inf", "nan", "", "4.0", "+2", "1e12",
                "1.000000000001e12", "1e-3", "2.5", "12.25"]
KNOWN = {("llama2-70b-99", "Offline"), ("resnet", "Offline"), ("resnet", "Server"), ("bert-99", "Offline")}


def _rows(n: int = 300, seed: int = 15) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        row = list(rng.choice(BASE))
        row[0] = f"{row[0]} {i}"
        for c in range(3, 10):
            try:
                number = float(row[c])
            except ValueError:
                continue
            if np.isfinite(number) and rng.random() < 0.8:
                row[c] = repr(number * rng.uniform(0.95, 1.05))
        if rng.random() < 0.2:
            row[12] = rng.choice(ACCELERATORS)
        rows.append(row)
    return pd.DataFrame(rows, columns=HEADER, dtype=str)


ROWS = _rows()


def _row_wise_errors(frame: pd.DataFrame) -> list[str]:
    """The value rule one value at a time: the first refused column of the contract, as the CLI wrote it."""
    errors = []
    for _, row in frame.iterrows():
        error = ""
        for column in COLUMNS:
            value = row.get(column.name, "")
            reason = check_value(column.raw_type, value) or bound_violation(column.name, value)
            if reason:
                error = f"column '{column.name}': value {value!r} {reason}"
                break
        errors.append(error)
    return errors


def test_the_input_has_good_and_bad_rows_of_every_kind():
    errors = _row_wise_errors(ROWS)
    assert 0 < sum(e == "" for e in errors) < len(errors)
    for column in ("Release date", "FP32 (single precision) performance (FLOP/s)", "Memory bandwidth (byte/s)",
                   "Tensor cores", "Tensor-FP16/BF16 performance (FLOP/s)"):
        assert any(e.startswith(f"column '{column}'") for e in errors), column


def test_column_wise_value_checks_give_each_row_the_row_wise_error_and_blank_only_refused_values():
    raw, errors = checked_values(ROWS, COLUMNS)
    assert errors.tolist() == _row_wise_errors(ROWS)
    for column in COLUMNS:
        given = ROWS[column.name] if column.name in ROWS else pd.Series("", index=ROWS.index)
        expected = ["" if check_value(column.raw_type, v) or bound_violation(column.name, v) else v for v in given]
        assert raw[column.name].tolist() == expected, column.name


def test_column_wise_query_checks_give_each_row_the_row_wise_error():
    expected = [_query_errors(row, KNOWN) for _, row in ROWS.iterrows()]
    assert query_errors(ROWS, KNOWN).tolist() == expected
    assert 0 < expected.count("") < len(expected)
    assert sum(e.startswith("n_accelerators") for e in expected) > 10


def test_architecture_names_are_spelled_and_flagged_as_one_row_at_a_time():
    known = ["Ada Lovelace", "Blackwell", "Hopper"]
    rng = random.Random(3)
    given = pd.Series([rng.choice(["Hopper", " hopper ", "BLACKWELL", "ada lovelace", "", "  ", "Unknownarch",
                                   "Hopper2"]) for _ in ROWS.index], dtype=str)
    by_lower = {name.lower(): name for name in known}
    spelled = [by_lower.get(v.strip().lower(), v.strip()) if v.strip() else None for v in given]
    unknown = [i for i, v in enumerate(given) if v.strip() and v.strip().lower() not in by_lower]
    assert _architectures(given, known) == (spelled, unknown)
    assert unknown and None in spelled


def _scored(n: int, rng: np.random.Generator) -> pd.DataFrame:
    """A frame predictor's output for n rows: some without a prediction (with or without a reason)."""
    pred = rng.lognormal(10, 2, n)
    pred[rng.random(n) < 0.2] = np.nan
    reasons = np.where(rng.random(n) < 0.3, "TDP (W) not given: training median assumed", "")
    scored = pd.DataFrame({
        "units": rng.choice(["Tokens/s", "Samples/s"], n), "predicted_per_accelerator": pred,
        "pi80_low": pred * 0.8, "pi80_high": pred * 1.1, "pi90_low": pred * 0.7, "pi90_high": pred * 1.2,
        "interval_class": rng.choice(["sibling", "new_architecture"], n), "is_anchored": rng.random(n) < 0.5,
        "is_out_of_domain": reasons != "", "out_of_domain_reason": reasons,
        "error": np.where(np.isnan(pred), reasons, ""),
    })
    assert set(CLI_FROM_SCORED) <= set(scored.columns)
    return scored


def _row_wise_output(original, errors, scored, accelerators, version) -> pd.DataFrame:
    """The CLI's output one cell at a time (how it was written before)."""
    errors = list(errors)
    out = original.copy()
    for col in CLI_COLUMNS:
        out[col] = pd.NA
    out["model_version"] = version
    answerable = [i for i, e in enumerate(errors) if not e]
    for j, i in enumerate(answerable):
        result = scored.iloc[j]
        if pd.isna(result["predicted_per_accelerator"]):
            errors[i] = result.get("error") or "missing required spec"
            continue
        for name, cli_name in CLI_FROM_SCORED.items():
            out.at[i, cli_name] = result[name]
        out.at[i, "predicted_system"] = result["predicted_per_accelerator"] * float(accelerators[i])
    out["error"] = errors
    return out


def test_the_output_is_the_row_wise_output_cell_for_cell():
    rng = np.random.default_rng(15)
    errors = pd.Series(_row_wise_errors(ROWS))
    accelerators = rng.integers(1, 64, len(ROWS)).astype(float)
    scored = _scored(int((errors == "").sum()), rng)
    out = cli_output(ROWS, errors, scored, accelerators, "m-1")
    expected = _row_wise_output(ROWS, errors, scored, accelerators, "m-1")
    assert list(out.columns) == list(expected.columns)
    assert out.to_csv(index=False) == expected.to_csv(index=False)
    assert spreadsheet_safe(out).to_csv(index=False) == spreadsheet_safe(expected).to_csv(index=False)
    assert (out["predicted_system"].notna() & (out["error"] != "")).sum() == 0
    assert out["error"].eq("missing required spec").any() and out["predicted_system"].notna().any()


def test_no_row_answered_means_no_numbers():
    errors = pd.Series(["bad"] * 3)
    out = cli_output(ROWS.head(3), errors, None, np.ones(3), "m-1")
    assert out["error"].tolist() == ["bad"] * 3 and out["predicted_per_accelerator"].isna().all()


def _cell(value):
    """The formula guard of one cell (OWASP), as it was applied cell by cell."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _NUMBER.fullmatch(value.strip()):
        return "'" + value
    return value


@pytest.mark.parametrize("text_dtype", [object, str])
def test_the_column_wise_formula_guard_is_the_cell_wise_one(text_dtype):
    rng = random.Random(7)
    texts = ["=SUM(A1)", "+1+1", "-2+3", "@x", "\tTab", "\rCR", "Plain", "-5", " -5 ", "1e3", "-", "", "'=x"]
    n = len(ROWS)
    frame = pd.DataFrame({
        "name": pd.Series([rng.choice(texts) for _ in range(n)], dtype=text_dtype),
        "mixed": pd.Series([rng.choice([*texts, -1.5, pd.NA, True, 3]) for _ in range(n)], dtype=object),
        "numbers": pd.Series([rng.choice([-1.5, np.nan, 2.0]) for _ in range(n)], dtype=object),
        "floats": [rng.uniform(-1, 1) for _ in range(n)],
        "flags": [rng.random() < 0.5 for _ in range(n)],
    })
    safe = spreadsheet_safe(frame)
    assert safe.to_csv(index=False) == frame.apply(lambda column: column.map(_cell)).to_csv(index=False)
    assert (safe["name"] != frame["name"]).any()  # some cells were guarded
