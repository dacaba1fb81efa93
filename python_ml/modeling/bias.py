"""The efficiency-factor table of a fitted model (python_ml.bias_factors): manufacturer, architecture, year."""

from __future__ import annotations

import math

import pandas as pd

from python_ml.config import REFERENCE_YEAR
from python_ml.modeling.state import FittedModel

BIAS_COLUMNS = ["level", "name", "factor", "log_effect", "std_error", "n_hardware"]


def bias_factors(model: FittedModel) -> pd.DataFrame:
    """Efficiency factors relative to the spec-based prediction: level, name, factor, std_error, n_hardware.

    manufacturer / architecture: exp of the partially pooled effect; std_error is the posterior standard
    deviation of the effect on the log scale (so factor x exp(+-1.96 std_error) is a ~95 % band, as in the
    fct_efficiency_factors mart).
    year: exp(slope x (year - 2023) + u_year) — the ridge year_c slope (when the configuration has one) plus
    the partially pooled release-year effect (when ``year_effect``); std_error combines |year - 2023| x the
    bootstrap SE of the slope (cluster bootstrap over accelerators) and the effect's posterior SD.
    Configurations with neither term have no year rows (the model makes no temporal adjustment).
    """
    rows = []
    for name, effect in sorted(model.manufacturer_effects.items()):
        rows.append(
            {"level": "manufacturer", "name": name, "factor": math.exp(effect), "log_effect": effect,
             "std_error": model.manufacturer_se[name], "n_hardware": model.manufacturer_counts[name]}
        )
    for name, effect in sorted(model.architecture_effects.items()):
        rows.append(
            {"level": "architecture", "name": name, "factor": math.exp(effect), "log_effect": effect,
             "std_error": model.architecture_se[name], "n_hardware": model.architecture_counts[name]}
        )
    has_slope = "year_c" in model.feature_names
    for year in model.years_seen if has_slope or model.year_effects else []:
        key = str(int(year))
        delta = year - REFERENCE_YEAR
        slope_se = abs(delta) * model.year_slope_se if has_slope else 0.0
        effect_se = model.year_se.get(key, 0.0)
        log_effect = (model.year_slope * delta if has_slope else 0.0) + model.year_effects.get(key, 0.0)
        rows.append(
            {"level": "year", "name": key, "factor": math.exp(log_effect), "log_effect": log_effect,
             "std_error": math.sqrt(slope_se**2 + effect_se**2), "n_hardware": model.year_counts.get(key)}
        )
    return pd.DataFrame(rows, columns=BIAS_COLUMNS)
