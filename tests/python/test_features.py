"""The one feature declaration (python_ml.features.FEATURES): every list the model uses derives from it, and
build_features computes every declared feature."""

from __future__ import annotations

import pandas as pd
from ml_fitting import WORKLOADS
from test_models import synthetic_frame

from python_ml import features
from python_ml.modeling import selection, state


def test_every_declared_feature_is_built_and_only_declared_names_are_feature_columns():
    feats = features.build_features(synthetic_frame(n_hardware=3), WORKLOADS)
    assert set(features.FEATURE_NAMES) <= set(feats.columns)
    assert all(pd.api.types.is_float_dtype(feats[name]) for name in features.FEATURE_NAMES)
    assert len(set(features.FEATURE_NAMES)) == len(features.FEATURES)


def test_the_derived_lists_keep_their_design_matrix_order():
    # the order fixes the fitted figures: these are the lists the model was validated with
    assert features.COMPACT_FEATURES == (
        "log_peak_ops", "log_mem_bw", "log_tdp", "log_kv_space", "log_accelerators", "year_c", "year_missing",
        "tdp_missing", "peak_ops_imputed", "bw_per_op_x_llm",
    )
    assert features.SPEC_FEATURES == (
        "log_peak_ops", "log_mem_bw", "log_tdp", "log_kv_space", "log_accelerators", "log_intranode_bw",
    )
    assert features.NEIGHBOUR_FEATURES == ("log_peak_ops", "log_mem_bw", "log_mem_size", "log_tdp")
    assert features.RANGE_CHECKED_FEATURES == ("log_intranode_bw",)
    assert list(features.IMPUTED_SPECS) == ["log_mem_bw", "log_tdp", "log_kv_space", "log_intranode_bw"]


def test_the_model_and_its_candidates_use_the_declared_sets():
    assert state.DEFAULT_PARAMS["features"] == features.COMPACT_FEATURES
    for name, overrides in selection.CANDIDATES.items():
        used = set(overrides.get("features", features.COMPACT_FEATURES))
        assert used <= set(features.FEATURE_NAMES), name
    # a spec that may be imputed names its source column, and every range-checked feature is a spec feature
    for feature in features.FEATURES:
        assert not feature.imputed_as or feature.spec, feature.name
        assert not feature.range_checked or feature.name in features.SPEC_FEATURES, feature.name
