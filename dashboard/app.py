"""The headline answers of the warehouse as a Streamlit dashboard (dashboard as code).

    bash scripts/dashboard.sh                     # DuckDB warehouse/aihw.duckdb, read-only
    bash scripts/dashboard.sh --target postgres   # PostgreSQL as the read-only BI role (AIHW_PG_BI_ROLE)

Every number comes from the marts through the saved queries next to this file (dashboard/queries/*.sql, run by
aihw.warehouse.query_file); this file only shapes and draws them. Measured MLPerf results and python_ml
predictions are never drawn alike: colour says which, and predictions carry their 80 % interval.
"""

from __future__ import annotations

import argparse
import sys

import altair as alt
import pandas as pd
import streamlit as st

from aihw.dashboard import (
    DEFAULT_BENCHMARK,
    DEFAULT_CHIP,
    DEFAULT_PREDICTED_CHIP,
    DEFAULT_SCENARIO,
    load_data,
    settings_for,
)

MEASURED_DOMAIN = ["measured", "predicted"]
MEASURED_COLOURS = ["#1f77b4", "#ff7f0e"]
TOP_N = 15


def _args() -> argparse.Namespace:
    p = argparse.ArgumentParser()
    p.add_argument("--target", choices=("duckdb", "postgres"), default="duckdb")
    return p.parse_args(sys.argv[1:])


@st.cache_data(show_spinner="reading the marts ...")
def _data(target: str) -> dict[str, pd.DataFrame]:
    return load_data(settings_for(target))


def _kind(frame: pd.DataFrame) -> pd.Series:
    return frame["is_measured"].map({True: "measured", False: "predicted"})


def _ranked_bars(frame: pd.DataFrame, value: str, units: str, title: str, colour: alt.Color) -> alt.Chart:
    top = frame.dropna(subset=[value]).nlargest(TOP_N, value)
    order = top["hardware_name"].tolist()  # explicit: a layered chart drops an encoding's sort
    return (
        alt.Chart(top, title=title)
        .mark_bar()
        .encode(
            x=alt.X(f"{value}:Q", title=units),
            y=alt.Y("hardware_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            color=colour,
            tooltip=["hardware_name", "kind", value, "throughput_provenance", "price_kind", "price_source"],
        )
    )


def main() -> None:
    args = _args()
    st.set_page_config(page_title="AI hardware: headline answers", layout="wide")
    data = _data(args.target)
    answers = data["answers"].assign(kind=lambda f: _kind(f))
    kind_colour = alt.Color("kind:N", title="throughput", scale=alt.Scale(domain=MEASURED_DOMAIN,
                                                                            range=MEASURED_COLOURS))

    st.title("AI hardware: headline answers")
    versions = ", ".join(sorted(answers["model_version"].dropna().unique())) or "none"
    st.caption(f"target `{args.target}` (read-only) · marts.fct_accelerator_efficiency_answers · "
               f"predictions by model {versions} · measured = MLPerf median per accelerator")

    benchmarks = sorted(answers["benchmark_model"].unique())
    benchmark = st.sidebar.selectbox("MLPerf benchmark", benchmarks, index=benchmarks.index(DEFAULT_BENCHMARK)
                                     if DEFAULT_BENCHMARK in benchmarks else 0)
    scenarios = sorted(answers.loc[answers["benchmark_model"] == benchmark, "scenario"].unique())
    scenario = st.sidebar.selectbox("Scenario", scenarios, index=scenarios.index(DEFAULT_SCENARIO)
                                    if DEFAULT_SCENARIO in scenarios else 0)
    out_of_domain = st.sidebar.checkbox("include out-of-domain predictions", value=False,
                                        help="predictions for chips unlike any measured one (python_ml's domain check)")
    rows = answers[(answers["benchmark_model"] == benchmark) & (answers["scenario"] == scenario)]
    if not out_of_domain:  # hides out-of-domain predictions, never a measured result
        rows = rows[rows["is_measured"].astype(bool) | ~rows["is_out_of_domain"].fillna(False).astype(bool)]
    latest = rows["mlperf_round"].max()
    rows = rows[rows["mlperf_round"] == latest]
    units = rows["throughput_units"].iloc[0] if len(rows) else ""

    priced = rows["throughput_per_usd"].notna()
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("candidates", len(rows))
    c2.metric("measured in MLPerf", int(rows["is_measured"].sum()))
    c3.metric("with a price", f"{int(priced.sum())} of {len(rows)}")
    best = rows[rows["is_measured"]].nlargest(1, "throughput_per_accelerator")
    c4.metric(f"best measured: {best['hardware_name'].iloc[0] if len(best) else 'none'} ({units})",
              f"{best['throughput_per_accelerator'].iloc[0]:,.0f}" if len(best) else "none")

    st.subheader(f"{benchmark} {scenario}, round {latest}: throughput per accelerator")
    bars = _ranked_bars(rows, "throughput_per_accelerator", f"{units} per accelerator",
                        f"best {TOP_N} by {units} per accelerator", kind_colour)
    top = rows.nlargest(TOP_N, "throughput_per_accelerator")
    interval = (
        alt.Chart(top[~top["is_measured"]].dropna(subset=["predicted_pi80_low"]))
        .mark_rule(color="black")
        .encode(x="predicted_pi80_low:Q", x2="predicted_pi80_high:Q",
                y=alt.Y("hardware_name:N", sort=top["hardware_name"].tolist()))
    )
    st.altair_chart(bars + interval, width="stretch")
    st.caption("Orange bars are predictions (black rule: 80 % interval), blue bars measured MLPerf results.")

    left, right = st.columns(2)
    watt_units = rows["throughput_per_watt_units"].dropna()
    left.altair_chart(_ranked_bars(rows, "throughput_per_watt", watt_units.iloc[0] if len(watt_units) else "",
                                   "per watt (board TDP)", kind_colour), width="stretch")
    usd_units = rows["throughput_per_usd_units"].dropna()
    price_colour = alt.Color("price_kind:N", title="price kind")
    right.altair_chart(
        _ranked_bars(rows, "throughput_per_usd", usd_units.iloc[0] if len(usd_units) else "",
                     f"per dollar ({int(priced.sum())} of {len(rows)} candidates have a price)", price_colour)
        .encode(opacity=alt.Opacity("kind:N", title="faded = predicted", scale=alt.Scale(domain=MEASURED_DOMAIN,
                                                                                    range=[1.0, 0.45]))),
        width="stretch")
    st.dataframe(
        rows.sort_values("throughput_per_accelerator", ascending=False)[
            ["hardware_name", "kind", "throughput_per_accelerator", "throughput_units", "throughput_per_watt",
             "price_usd", "price_kind", "price_source", "throughput_per_usd", "is_out_of_domain",
             "throughput_provenance"]],
        hide_index=True, width="stretch")

    st.subheader("A chip's results across MLPerf rounds")
    rounds = data["rounds"]
    chips = sorted(rounds["hardware_name"].unique())
    default_chip = rounds.loc[rounds["hardware_id"] == DEFAULT_CHIP, "hardware_name"]
    chip = st.selectbox("Chip", chips, index=chips.index(default_chip.iloc[0]) if len(default_chip) else 0)
    mine = rounds[rounds["hardware_name"] == chip].assign(
        workload=lambda f: f["benchmark_model"] + " " + f["scenario"] + " (" + f["throughput_units"] + ")")
    st.altair_chart(
        alt.Chart(mine, title=f"{chip}: measured median per accelerator per round (one panel per workload)")
        .mark_bar(color=MEASURED_COLOURS[0])
        .encode(x=alt.X("mlperf_round:N", title="round"), y=alt.Y("measured_median_per_accelerator:Q", title=None),
                tooltip=["workload", "mlperf_round", "measured_results", "measured_median_per_accelerator"])
        .properties(width=110, height=90)
        .facet(facet=alt.Facet("workload:N", title=None), columns=6)
        .resolve_scale(y="independent"))

    st.subheader("What would a chip do? python_ml's prediction per workload")
    predictions = data["predictions"]
    names = sorted(predictions["hardware_name"].unique())
    default_y = predictions.loc[predictions["hardware_id"] == DEFAULT_PREDICTED_CHIP, "hardware_name"]
    chip_y = st.selectbox("Chip to predict", names, index=names.index(default_y.iloc[0]) if len(default_y) else 0)
    theirs = predictions[predictions["hardware_name"] == chip_y].assign(
        workload=lambda f: f["benchmark_model"] + " " + f["scenario"] + " (" + f["units"] + ")")
    reasons = theirs["out_of_domain_reason"].dropna().unique()
    if theirs["is_out_of_domain"].fillna(False).astype(bool).any():
        st.warning(f"{chip_y} is out of the model's domain: {'; '.join(reasons) or 'see out_of_domain_reason'}")
    base = alt.Chart(theirs).encode(y=alt.Y("workload:N", title=None))
    st.altair_chart(
        alt.layer(
            base.mark_circle(color=MEASURED_COLOURS[1], size=80).encode(
                x=alt.X("predicted_per_accelerator:Q", scale=alt.Scale(type="log"),
                        title="per accelerator, in the workload's unit (log scale)"),
                tooltip=["workload", "predicted_per_accelerator", "pi80_low", "pi80_high",
                         "roofline_bound_per_accelerator", "prediction_provenance", "model_version"]),
            base.mark_rule(color="black").encode(x="pi80_low:Q", x2="pi80_high:Q"),
            base.mark_tick(color="red", thickness=2).encode(x="roofline_bound_per_accelerator:Q"),
        ).properties(height=18 * max(len(theirs), 1),
                     title=f"{chip_y}: predicted (dot), 80 % interval (black), roofline bound (red tick)")
        .resolve_scale(x="shared"),
        width="stretch")

    left, right = st.columns(2)
    validation = data["validation"]
    left.altair_chart(
        alt.Chart(validation, title="Held-out median absolute error: model vs baselines")
        .mark_bar()
        .encode(x=alt.X("protocol:N", title="protocol"), xOffset="model_or_baseline:N",
                y=alt.Y("median_absolute_percentage_error:Q", title="median |predicted/actual - 1|",
                        axis=alt.Axis(format="%")),
                color=alt.Color("model_or_baseline:N", title=None),
                tooltip=["protocol", "model_or_baseline", "median_absolute_percentage_error", "evaluated_rows",
                         "share_within_25_percent", "coverage_80"]),
        width="stretch")
    per_dollar = data["compute_per_dollar"]
    right.altair_chart(
        alt.Chart(per_dollar, title="Peak GOP/s per dollar by release date")
        .mark_circle(size=40)
        .encode(x=alt.X("release_date:T", title="release"),
                y=alt.Y("giga_ops_per_s_per_usd:Q", scale=alt.Scale(type="log"), title="GOP/s per USD"),
                color=alt.Color("precision:N"),
                tooltip=["hardware_name", "precision", "giga_ops_per_s_per_usd", "price_kind", "value_provenance"]),
        width="stretch")


main()
