"""Shared by the ML unit tests: the workload figures and fit / predict on raw input rows.

The package builds the feature frame once per run and passes it down; these helpers build it per call,
which is what a test of one fit or one prediction wants.
"""

from __future__ import annotations

import pandas as pd

from aihw.config import PROJECT_ROOT
from python_ml.features import build_features
from python_ml.modeling import estimator, state
from python_ml.modeling.predict import predict as predict_features
from python_ml.roofline import load_workloads

# the contracted mart marts.ml_mlperf_workloads as the pipeline builds it (derived from seeds/reference/workloads.csv);
# unit tests run without a warehouse, so they read this export of it, which test_workloads checks against the mart
WORKLOADS_FIXTURE = PROJECT_ROOT / "tests" / "python" / "fixtures" / "ml_mlperf_workloads.csv"
WORKLOADS = load_workloads(WORKLOADS_FIXTURE)


def fit(frame: pd.DataFrame, params: dict, **options) -> state.FittedModel:
    return estimator.fit(build_features(frame, WORKLOADS), params, workloads=WORKLOADS, **options)


def predict(model: state.FittedModel, frame: pd.DataFrame) -> pd.DataFrame:
    return predict_features(model, build_features(frame, model.workloads_frame()))
