"""The what-if CLI, end to end on a model trained by the real pipeline (in a throwaway project copy)."""

from __future__ import annotations

import dataclasses
import math
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from aihw.config import load_settings
from python_ml import registry
from python_ml.modeling import state

from conftest import REUSE_PUBLISHED

HEADER = ("Hardware name,Manufacturer,Release date,FP32 (single precision) performance (FLOP/s),"
          "Tensor-FP16/BF16 performance (FLOP/s),INT8 performance (OP/s),Memory size per board (Byte),"
          "Memory bandwidth (byte/s),TDP (W),benchmark,scenario,n_accelerators")
ROWS = [
    # a chip that is in no source file: full specs, a known benchmark
    "Future X1,NVIDIA,2025-06-01,9.0e13,1.5e15,3.0e15,2.0e11,6.0e12,900,llama2-70b-99,Offline,8",
    "Future X1,NVIDIA,2025-06-01,9.0e13,1.5e15,3.0e15,2.0e11,6.0e12,900,resnet,Server,1",
    "Future X1,NVIDIA,2025-06-01,9.0e13,1.5e15,3.0e15,2.0e11,6.0e12,900,not-a-benchmark,Offline,1",
    "Bad Y,AMD,2025-06-01,9.0e13,lots,3.0e15,2.0e11,6.0e12,900,resnet,Offline,1",
    "Empty Z,AMD,,,,,,,,resnet,Offline,1",
    # possible, but far beyond every training accelerator (within the physical bounds of
    # seeds/reference/physical_bounds.csv: 900 TFLOP/s FP32, 9 PFLOP/s tensor, 1.5 TB, 60 TB/s)
    "Huge W,NVIDIA,2025-06-01,9.0e14,9.0e15,3.0e16,1.5e12,6.0e13,900,resnet,Offline,1",
]


@pytest.fixture(scope="module")
def trained_project(built_project, tmp_path_factory, raw_dir):
    project = tmp_path_factory.mktemp("trained") / "project"
    shutil.copytree(built_project, project)
    if REUSE_PUBLISHED:  # under scripts/check.sh: a copy of the check's own main job, which trained
        return project
    env = dict(os.environ, PYTHONPATH=str(project), AIHW_RAW_DIR=str(raw_dir))
    env.pop("AIHW_DUCKDB_PATH", None)
    env.pop("AIHW_ARTIFACTS_DIR", None)
    proc = subprocess.run([sys.executable, "-m", "aihw", "train", "--target", "duckdb"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return project


def _latest(project):
    """The latest model of the project copy's own warehouse (its ml.model_versions)."""
    settings = dataclasses.replace(load_settings("duckdb"), project_root=project, artifacts_dir=project / "artifacts",
                                   duckdb_path=project / "warehouse" / "aihw.duckdb")
    return registry.latest_version(settings)


def _predict(project, tmp_path, rows, header=HEADER, stderr=None):
    src = tmp_path / "in.csv"
    src.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    env = dict(os.environ, PYTHONPATH=str(project))
    env.pop("AIHW_DUCKDB_PATH", None)
    env.pop("AIHW_ARTIFACTS_DIR", None)
    proc = subprocess.run([sys.executable, "-m", "aihw", "predict", "--input", str(src), "--output", str(out)],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    if stderr is not None:
        stderr.append(proc.stderr)
    return pd.read_csv(out, keep_default_na=False)


def test_predict_answers_for_hardware_not_in_the_warehouse(trained_project, tmp_path):
    out = _predict(trained_project, tmp_path, ROWS)
    latest = _latest(trained_project)
    assert list(out.columns[:12]) == HEADER.split(",")
    assert (out["model_version"] == latest).all()

    ok = out.iloc[0]
    assert ok["error"] == ""
    per = float(ok["predicted_per_accelerator"])
    assert per > 0
    assert float(ok["predicted_system"]) == pytest.approx(8 * per)
    assert ok["units"] == "Tokens/s"
    assert float(ok["pi90_low"]) <= float(ok["pi80_low"]) <= per <= float(ok["pi80_high"]) <= float(ok["pi90_high"])
    assert out.iloc[1]["units"] in ("Queries/s", "Samples/s") and out.iloc[1]["error"] == ""

    assert "unknown benchmark" in out.iloc[2]["error"]
    assert "Tensor-FP16/BF16 performance (FLOP/s)" in out.iloc[3]["error"] and "not a number" in out.iloc[3]["error"]
    assert out.iloc[4]["error"] != "" and out.iloc[4]["predicted_per_accelerator"] == ""
    assert str(out.iloc[5]["out_of_domain"]).lower() == "true"
    assert out.iloc[5]["out_of_domain_reason"].startswith("spec outside the training range")
    # every spec but the interconnect given: the model assumed the training median for it, and says so
    assert str(out.iloc[0]["out_of_domain"]).lower() == "true"
    assert out.iloc[0]["out_of_domain_reason"] == "spec not given, training median assumed: interconnect"


def test_an_architecture_named_in_the_input_gets_its_factor_and_support_class_intervals(trained_project, tmp_path):
    specs = "Future X1,NVIDIA,2025-06-01,9.0e13,1.5e15,3.0e15,2.0e11,6.0e12,900,llama2-70b-99,Offline,8"
    rows = [f"{specs},{arch}" for arch in ("", "hopper", "Not-An-Architecture")]
    messages: list[str] = []
    out = _predict(trained_project, tmp_path, rows, header=HEADER + ",architecture", stderr=messages)
    # a name the model does not know is reported with its line (a typo must not pass silently)
    assert "line 4: architecture 'Not-An-Architecture' is not one the model was trained on" in messages[0]
    assert "line 3" not in messages[0] and "line 2" not in messages[0]
    assert list(out["error"]) == ["", "", ""]
    assert list(out["interval_class"]) == ["new_architecture", "well_supported", "new_architecture"]
    width = (out["pi80_high"].astype(float) / out["pi80_low"].astype(float))
    # never narrower for less support (with every round trained, the well-supported Ada chips' errors make the
    # two classes' 80 % quantiles equal today: intervals.interval_quantiles takes the larger)
    assert width[1] <= width[0] * (1 + 1e-12)
    # the Hopper factor changes the point prediction; an unknown name is the same as none
    pred = out["predicted_per_accelerator"].astype(float)
    assert pred[1] != pytest.approx(pred[0], rel=1e-6)
    assert pred[2] == pytest.approx(pred[0], rel=1e-12)
    # only a new-architecture query is blended with reference scaling, and only if the trained weight says so
    latest = _latest(trained_project)
    fitted = registry.load_artifact(trained_project / "artifacts", latest, state.TRUSTED_TYPES)
    blended = fitted.anchor_weight < 1.0
    assert [str(v).lower() for v in out["is_anchored"]] == [str(blended).lower(), "false", str(blended).lower()]


def test_the_interconnect_column_reaches_the_model(trained_project, tmp_path):
    latest = _latest(trained_project)
    fitted = registry.load_artifact(trained_project / "artifacts", latest, state.TRUSTED_TYPES)
    uses_it = "log_intranode_bw" in fitted.feature_names
    median = math.exp(fitted.feature_medians[fitted.feature_names.index("log_intranode_bw")]) if uses_it else 9.0e2
    specs = "Future X1,NVIDIA,2025-06-01,9.0e13,1.5e15,3.0e15,2.0e11,6.0e12,900,llama2-70b-99,Offline,8,Hopper"
    # byte/s as in ml_hardware.csv: PCIe Gen4 x16, NVLink 4, the training median (in GB/s x 1e9), a per-node
    # aggregate (beyond the training range), and none
    values = ["6.4e10", "9.0e11", f"{median * 1e9:.6e}", "1.44e13", ""]
    out = _predict(trained_project, tmp_path, [f"{specs},{v}" for v in values],
                   header=HEADER + ",architecture,Intranode bandwidth (byte/s)")
    assert list(out["error"]) == [""] * 5
    pred = out["predicted_per_accelerator"].astype(float)
    ood = [str(v).lower() == "true" for v in out["out_of_domain"]]
    if uses_it:
        assert pred[0] != pytest.approx(pred[1], rel=1e-6)  # the slope is applied (GB/s after staging's conversion)
        assert ood == [False, False, False, True, True]
        assert out["out_of_domain_reason"][4] == "spec not given, training median assumed: interconnect"
        assert out["out_of_domain_reason"][1] == ""
    else:
        assert pred[0] == pytest.approx(pred[1], rel=1e-12) and not any(ood)
    assert pred[4] == pytest.approx(pred[2], rel=1e-9)  # a missing figure is the training median


def test_impossible_rows_get_their_error_and_the_other_rows_are_answered(trained_project, tmp_path):
    specs = "NVIDIA,2025-06-01,9.0e13,1.5e15,3.0e15,2.0e11,6.0e12,900"
    rows = {
        "ok": f"OK,{specs},llama2-70b-99,Offline,8",
        "negative bandwidth": "Neg,NVIDIA,2025-06-01,9.0e13,1.5e15,3.0e15,2.0e11,-6e12,900,llama2-70b-99,Offline,8",
        "zero FLOP/s": "Zero,NVIDIA,2025-06-01,0,0,0,2.0e11,6.0e12,900,llama2-70b-99,Offline,8",
        "absurd": "Huge,NVIDIA,2025-06-01,1e308,1.5e15,3.0e15,2.0e11,6.0e12,900,llama2-70b-99,Offline,8",
        "compact date": "Date,NVIDIA,20250601,9.0e13,1.5e15,3.0e15,2.0e11,6.0e12,900,llama2-70b-99,Offline,8",
        "Arabic-Indic digit": "Digit,NVIDIA,2025-06-01,٩.0e13,1.5e15,3.0e15,2.0e11,6.0e12,900,llama2-70b-99,Offline,8",
        "half an accelerator": f"Half,{specs},llama2-70b-99,Offline,0.5",
        "no accelerator": f"None,{specs},llama2-70b-99,Offline,0",
        "a billion accelerators": f"Many,{specs},llama2-70b-99,Offline,1000000000",
        "formula": f"=HYPERLINK(\"http://x\"),{specs},llama2-70b-99,Offline,8",
    }
    out = _predict(trained_project, tmp_path, list(rows.values()))
    result = dict(zip(rows, out.to_dict(orient="records"), strict=True))
    errors = {case: r["error"] for case, r in result.items()}
    assert errors["ok"] == "" and float(result["ok"]["predicted_per_accelerator"]) > 0
    assert errors["negative bandwidth"] == (
        "column 'Memory bandwidth (byte/s)': value '-6e12' is not physically possible (must be >= 1e+09)")
    assert errors["zero FLOP/s"].startswith("column 'FP32 (single precision) performance (FLOP/s)': value '0' is not "
                                            "physically possible")
    assert "value '1e308' is not physically possible (must be <= 1e+15)" in errors["absurd"]
    assert "column 'Release date'" in errors["compact date"]
    assert "is not a number" in errors["Arabic-Indic digit"]
    assert errors["half an accelerator"] == "n_accelerators '0.5' must be a whole number >= 1"
    assert errors["no accelerator"] == "n_accelerators '0' must be a whole number >= 1"
    for case, r in result.items():  # a row with an error has no number at all
        if errors[case]:
            assert r["predicted_per_accelerator"] == "" and r["pi80_low"] == "", case
    many = result["a billion accelerators"]
    assert errors["a billion accelerators"] == "" and str(many["out_of_domain"]).lower() == "true"
    assert many["out_of_domain_reason"].startswith("n_accelerators given but beyond the training range (at most ")
    # the name a spreadsheet would run is written as text; the prediction is the same as the plain row's
    formula = result["formula"]
    assert formula["Hardware name"] == "'=HYPERLINK(\"http://x\")" and errors["formula"] == ""
    # equal up to floating-point summation order (rows are predicted as one batch; the last digit may differ)
    assert math.isclose(float(formula["predicted_per_accelerator"]),
                        float(result["ok"]["predicted_per_accelerator"]), rel_tol=1e-12)


def test_output_equal_to_input_is_refused_and_the_input_is_untouched(trained_project, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("\n".join([HEADER, ROWS[0]]) + "\n", encoding="utf-8")
    before = src.read_bytes()
    env = dict(os.environ, PYTHONPATH=str(trained_project))
    env.pop("AIHW_DUCKDB_PATH", None)
    env.pop("AIHW_ARTIFACTS_DIR", None)
    same = tmp_path / "sub" / ".." / "in.csv"  # another spelling of the same file
    (tmp_path / "sub").mkdir()
    proc = subprocess.run([sys.executable, "-m", "aihw", "predict", "--input", str(src), "--output", str(same)],
                          cwd=trained_project, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "is the input file" in proc.stderr and "Traceback" not in proc.stderr
    assert src.read_bytes() == before


def test_fp8_and_fp4_only_chips_are_answered_and_a_chip_that_fits_no_memory_is_refused(trained_project, tmp_path):
    header = ("Hardware name,Manufacturer,Release date,Memory size per board (Byte),Memory bandwidth (byte/s),TDP (W),"
              "benchmark,scenario,n_accelerators,FP8 performance (FLOP/s),FP4 performance (FLOP/s),my_note")
    rows = [
        # Epoch's newer rows give only low-precision peaks: the 8-bit roofline reads FP8, else half of FP4
        "Only FP8,NVIDIA,2025-06-01,1.8e11,8.0e12,1000,llama2-70b-99,Offline,8,4.5e15,,keep me",
        "Only FP4,NVIDIA,2025-06-01,1.8e11,8.0e12,1000,llama2-70b-99,Offline,8,,9.0e15,",
        # an 11 GB card cannot hold Llama 2 70B's 70 GB of 8-bit weights: no tokens/s, a reason
        "Small 11GB,NVIDIA,2025-06-01,1.1e10,5.0e11,250,llama2-70b-99,Offline,1,1.0e14,,",
        "Bad FP8,NVIDIA,2025-06-01,1.8e11,8.0e12,1000,resnet,Offline,1,-4,,",
    ]
    out = _predict(trained_project, tmp_path, rows, header=header)
    assert list(out.columns[:12]) == header.split(",")  # every input column passes through, unknown ones too
    assert out["my_note"][0] == "keep me"
    assert list(out["error"][:2]) == ["", ""]
    fp8, fp4 = (float(v) for v in out["predicted_per_accelerator"][:2])
    assert fp8 > 0 and fp4 == pytest.approx(fp8, rel=1e-9)  # half of 9 PFLOP/s FP4 is the same 8-bit peak
    assert "does not fit in the system's accelerator memory" in out["error"][2]
    assert out["predicted_per_accelerator"][2] == "" and out["pi90_high"][2] == ""
    assert out["error"][3].startswith("column 'FP8 performance (FLOP/s)': value '-4' is not physically possible")
