"""Great Expectations over the warehouse: what dbt tests cannot say (model-monitoring and statistical
expectations), declared in expectations/suites and run as GX Core 1.x Checkpoints with Data Docs.

Keys, relationships, accepted values, per-row ranges and row counts are dbt tests in the models' yml
(expectations/README.md classifies every check that moved). A suite is one YAML (or JSON) file naming ONE
relation, a dbt model or a python_ml source table, and a list of GX expectations (type + kwargs):

    relation:
      model: fct_model_validation    # or: source: predictions  (source_name: python_ml is the default)
    description: Validation metrics of the latest model version.
    expectations:
      - type: expect_column_values_to_be_between
        kwargs: {column: coverage_90, min_value: 0, max_value: 1}

How it runs: the relation is looked up in dbt's manifest (a suite whose relation is not in the manifest, or
not built in the warehouse, FAILS: it is never skipped) and read into pandas through aihw.warehouse, the only
module that speaks SQL, so DuckDB and PostgreSQL are validated the same way (GX's SQL datasource cannot read
DuckDB: see the toolchain notes). In an ephemeral GX context each suite becomes a ValidationDefinition on a
whole-dataframe batch and a Checkpoint run with batch_parameters={"dataframe": frame}; the checkpoint's
UpdateDataDocsAction writes the local Data Docs site target/gx_data_docs/<target>/index.html.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import shutil
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from aihw.config import Settings
from aihw.warehouse import ML_SOURCE, Relation, WarehouseError, load_manifest, model_relation, session, source_relation

SUITES_SUBDIR = Path("expectations") / "suites"
DATA_DOCS_SUBDIR = Path("target") / "gx_data_docs"
DOCS_SITE = "local_site"  # the ephemeral context's default site, pointed at DATA_DOCS_SUBDIR
SUITE_SUFFIXES = (".yml", ".yaml", ".json")
_SUITE_KEYS = {"relation", "description", "expectations"}
_EXPECTATION_KEYS = {"type", "kwargs", "notes", "meta"}
_MAX_SHOWN_VALUES = 5


class SuiteDefinitionError(ValueError):
    """A suite file that cannot be understood (bad YAML, unknown keys, unknown expectation type, ...)."""


# --------------------------------------------------------------------------- suite files
@dataclass(frozen=True)
class SuiteSpec:
    name: str
    path: Path | None
    kind: str  # "model" or "source"
    relation_name: str
    source_name: str = ML_SOURCE
    description: str = ""
    expectations: tuple[dict[str, Any], ...] = ()

    @property
    def relation_label(self) -> str:
        if self.kind == "model":
            return f"model {self.relation_name}"
        return f"source {self.source_name}.{self.relation_name}"


def suites_dir(settings: Settings) -> Path:
    return settings.project_root / SUITES_SUBDIR


def data_docs_dir(settings: Settings) -> Path:
    """The local Data Docs site of one target (target/ is git-ignored)."""
    return settings.project_root / DATA_DOCS_SUBDIR / settings.target


def suite_files(directory: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for path in sorted(directory.iterdir()) if directory.is_dir() else []:
        if path.suffix in SUITE_SUFFIXES and not path.name.startswith((".", "_")):
            if path.stem in files:
                raise SuiteDefinitionError(f"two suite files named {path.stem!r}: {files[path.stem].name}, {path.name}")
            files[path.stem] = path
    return files


def parse_suite(name: str, doc: Any, path: Path | None = None) -> SuiteSpec:
    """Check a suite document's shape and every expectation's type and kwargs (by building it with GX)."""
    where = path.name if path else name
    if not isinstance(doc, dict):
        raise SuiteDefinitionError(f"{where}: a suite is a mapping with keys {sorted(_SUITE_KEYS)}")
    unknown = set(doc) - _SUITE_KEYS
    if unknown:
        raise SuiteDefinitionError(f"{where}: unknown keys {sorted(unknown)}; allowed {sorted(_SUITE_KEYS)}")
    relation = doc.get("relation")
    if not isinstance(relation, dict) or len({"model", "source"} & set(relation)) != 1:
        raise SuiteDefinitionError(f"{where}: relation must be {{model: <dbt model>}} or {{source: <table>}}")
    if set(relation) - {"model", "source", "source_name"} or ("source_name" in relation and "model" in relation):
        raise SuiteDefinitionError(f"{where}: relation accepts model, or source with an optional source_name")
    kind = "model" if "model" in relation else "source"
    expectations = doc.get("expectations")
    if not isinstance(expectations, list) or not expectations:
        raise SuiteDefinitionError(f"{where}: expectations must be a non-empty list")
    checked = []
    for i, item in enumerate(expectations, start=1):
        if not isinstance(item, dict) or "type" not in item or set(item) - _EXPECTATION_KEYS:
            raise SuiteDefinitionError(f"{where}: expectation #{i} must have type, kwargs and optional notes/meta")
        item = {"kwargs": {}, **item}
        if not isinstance(item["kwargs"], dict):
            raise SuiteDefinitionError(f"{where}: expectation #{i} ({item['type']}): kwargs must be a mapping")
        try:
            _build_expectation(item)
        except Exception as exc:
            raise SuiteDefinitionError(f"{where}: expectation #{i} ({item['type']}): {_one_line(exc)}") from exc
        if any(item["type"] == c["type"] and item["kwargs"] == c["kwargs"] for c in checked):
            raise SuiteDefinitionError(f"{where}: expectation #{i} ({item['type']}) repeats an earlier one")
        checked.append(item)
    return SuiteSpec(
        name=name,
        path=path,
        kind=kind,
        relation_name=str(relation[kind]),
        source_name=str(relation.get("source_name", ML_SOURCE)),
        description=str(doc.get("description") or "").strip(),
        expectations=tuple(checked),
    )


def load_suite(path: Path) -> SuiteSpec:
    text = path.read_text(encoding="utf-8")
    try:
        doc = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise SuiteDefinitionError(f"{path.name}: not valid {path.suffix[1:].upper()}: {_one_line(exc)}") from exc
    return parse_suite(path.stem, doc, path)


def _select(files: dict[str, Path], suite_names: Iterable[str] | None) -> dict[str, Path]:
    if suite_names is None:
        return files
    names = list(suite_names)
    missing = [n for n in names if n not in files]
    if missing:
        raise SuiteDefinitionError(f"no suite named {missing}; known suites: {sorted(files)}")
    return {n: files[n] for n in names}


# --------------------------------------------------------------------------- results
@dataclass
class ExpectationOutcome:
    type: str
    kwargs: dict[str, Any]
    success: bool
    detail: str = ""
    index: int = -1  # position in the suite file's expectation list

    @property
    def label(self) -> str:
        k = self.kwargs
        target = k.get("column") or ", ".join(
            str(k[key]) for key in ("column_A", "column_B") if key in k
        ) or ", ".join(k.get("column_list") or [])
        where = " where " + _condition_text(k["row_condition"]) if k.get("row_condition") else ""
        return f"{self.type}({target}{where})" if target else self.type


@dataclass
class SuiteResult:
    name: str
    relation: str
    success: bool
    rows: int | None = None
    outcomes: list[ExpectationOutcome] = field(default_factory=list)
    error: str | None = None  # the suite could not run (bad file, relation missing, read error)

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]

    def report(self) -> str:
        status = "PASS" if self.success else "FAIL"
        head = f"[{status}] {self.name} ({self.relation}"
        head += f", {self.rows:,} rows)" if self.rows is not None else ")"
        if self.error:
            return f"{head}: {self.error}"
        passed = len(self.outcomes) - len(self.failed)
        lines = [f"{head}: {passed}/{len(self.outcomes)} expectations passed"]
        lines += [f"    x {o.label}: {o.detail}" for o in self.failed]
        return "\n".join(lines)


# --------------------------------------------------------------------------- running
def check_suites(
    settings: Settings,
    suite_names: list[str] | None = None,
    frames: dict[str, pd.DataFrame] | None = None,
    directory: Path | None = None,
    runner: CheckpointRunner | None = None,
) -> list[SuiteResult]:
    """Validate the named suites (all when None); frames[suite name] replaces that suite's warehouse read."""
    files = _select(suite_files(directory or suites_dir(settings)), suite_names)
    stray = sorted(set(frames or {}) - set(files))
    if stray:
        raise SuiteDefinitionError(f"frames given for {stray}, which are not among the suites run: {sorted(files)}")
    specs: list[SuiteSpec | SuiteResult] = []
    for name, path in files.items():
        try:
            specs.append(load_suite(path))
        except SuiteDefinitionError as exc:
            specs.append(SuiteResult(name, path.name, False, error=f"invalid suite file: {exc}"))
    return check_specs(settings, specs, frames, runner)


def check_specs(
    settings: Settings,
    specs: list[SuiteSpec | SuiteResult],
    frames: dict[str, pd.DataFrame] | None = None,
    runner: CheckpointRunner | None = None,
) -> list[SuiteResult]:
    frames = frames or {}
    manifest: dict | None = None
    manifest_error: str | None = None
    if any(isinstance(s, SuiteSpec) for s in specs):
        try:
            manifest = load_manifest(settings)
        except WarehouseError as exc:
            manifest_error = str(exc)

    results: list[SuiteResult] = []
    for spec in specs:
        if isinstance(spec, SuiteResult):  # a suite file that failed to load
            results.append(spec)
            continue
        if manifest is None:
            results.append(SuiteResult(spec.name, spec.relation_label, False, error=manifest_error))
            continue
        try:
            relation = resolve_relation(manifest, spec)
        except WarehouseError as exc:
            results.append(SuiteResult(spec.name, spec.relation_label, False, error=f"{exc} (suite cannot run)"))
            continue
        label = str(relation) if spec.kind == "model" else f"{spec.relation_label} = {relation}"
        if spec.name in frames:
            frame = frames[spec.name]
        else:
            try:
                frame = read_relation(settings, relation)
            except Exception as exc:  # noqa: BLE001 - any read failure is a failed suite, reported in one line
                results.append(SuiteResult(spec.name, label, False, error=f"cannot read {relation}: {_one_line(exc)}"))
                continue
        try:
            runner = runner or CheckpointRunner()
            result = runner.validate(spec, frame)
        except Exception as exc:  # noqa: BLE001 - a crash inside GX fails this suite, not the whole run
            crash = f"validation crashed: {_one_line(exc)}"
            result = SuiteResult(spec.name, label, False, rows=len(frame), error=crash)
        result.relation = label
        results.append(result)
    return results


def run_suites(
    settings: Settings,
    suite_names: list[str] | None = None,
    frames: dict[str, pd.DataFrame] | None = None,
    docs_dir: Path | None = None,
) -> bool:
    """Run the suites as checkpoints, write their Data Docs (default: data_docs_dir(settings)), print one block
    per suite, a summary line and the Data Docs index; True when every suite passed."""
    runner = CheckpointRunner(docs_dir or data_docs_dir(settings))
    results = check_suites(settings, suite_names, frames, runner=runner)
    for result in results:
        print(result.report())
    failed = [r.name for r in results if not r.success]
    summary = f"Great Expectations ({settings.target}): {len(results) - len(failed)}/{len(results)} suites passed"
    print(summary + (f"; failed: {', '.join(failed)}" if failed else ""))
    if runner.docs_index is not None and runner.docs_index.is_file():
        print(f"Data Docs: {runner.docs_index}")
    return bool(results) and not failed


def resolve_relation(manifest: dict, spec: SuiteSpec) -> Relation:
    if spec.kind == "model":
        return model_relation(manifest, spec.relation_name)
    return source_relation(manifest, spec.relation_name, spec.source_name)


def read_relation(settings: Settings, relation: Relation) -> pd.DataFrame:
    """Read one relation (through aihw.warehouse); a relation in the manifest but not built is an error."""
    with session(settings, read_only=settings.target == "duckdb") as wh:
        if not wh.table_exists(relation):
            raise WarehouseError(f"{relation} is in the dbt manifest but not in the {settings.target} warehouse")
        return wh.read_relation(relation)


def normalise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Make both engines' frames comparable with the same suite kwargs.

    PostgreSQL gives dates as datetime.date objects and timestamps possibly with a time zone; DuckDB gives
    datetime64. Dates and timestamps become naive datetime64 (UTC), so ISO bounds compare the same way.
    """
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == object:
            values = s.dropna()
            if len(values) and all(isinstance(v, (dt.date, dt.datetime)) for v in values):
                s = pd.to_datetime(s, utc=any(getattr(v, "tzinfo", None) for v in values))
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            s = s.dt.tz_convert("UTC").dt.tz_localize(None)
        out[col] = s
    return out


# --------------------------------------------------------------------------- GX
def _gx():
    import great_expectations as gx

    return gx


def _build_expectation(item: dict[str, Any]):
    _gx()
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    config = ExpectationConfiguration(
        type=item["type"], kwargs=dict(item.get("kwargs") or {}), notes=item.get("notes"), meta=item.get("meta")
    )
    return config.to_domain_obj()


class CheckpointRunner:
    """One ephemeral GX context with one pandas datasource. Each suite runs as a GX Checkpoint over one
    ValidationDefinition (its suite on a whole-dataframe batch of its relation); with `docs_dir`, the
    checkpoint's UpdateDataDocsAction renders the suite and its validation result into a local Data Docs site."""

    def __init__(self, docs_dir: Path | None = None) -> None:
        gx = _gx()
        from great_expectations.data_context.types.base import (
            DataContextConfig,
            InMemoryStoreBackendDefaults,
            ProgressBarsConfig,
        )

        self.gx = gx
        config = DataContextConfig(analytics_enabled=False, store_backend_defaults=InMemoryStoreBackendDefaults())
        self.context = gx.get_context(mode="ephemeral", project_config=config)  # no usage statistics sent
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.docs_dir = docs_dir
        if docs_dir is not None:
            shutil.rmtree(docs_dir, ignore_errors=True)  # the site shows this run only
            self.context.add_data_docs_site(DOCS_SITE, {
                "class_name": "SiteBuilder",
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            })
        self.datasource = self.context.data_sources.add_pandas("warehouse")
        self.batches: dict[str, Any] = {}
        self.count = 0

    @property
    def docs_index(self) -> Path | None:
        return None if self.docs_dir is None else self.docs_dir / "index.html"

    def _batch_definition(self, name: str):
        # one asset per suite, reused: the frame itself is a run-time batch parameter
        if name not in self.batches:
            asset = self.datasource.add_dataframe_asset(name=name)
            self.batches[name] = asset.add_batch_definition_whole_dataframe(name="whole_frame")
        return self.batches[name]

    def validate(self, spec: SuiteSpec, frame: pd.DataFrame) -> SuiteResult:
        """Run the suite's checkpoint on `frame`; the result lists every expectation in file order."""
        from great_expectations.checkpoint import UpdateDataDocsAction

        frame = normalise_frame(frame)
        self.count += 1
        key = f"{spec.name}__{self.count}"  # unique per context: a suite may be validated several times
        expectations = [_build_expectation(item) for item in spec.expectations]
        suite = self.context.suites.add(self.gx.ExpectationSuite(name=key, expectations=expectations))
        if [e.expectation_type for e in suite.expectations] != [item["type"] for item in spec.expectations]:
            raise RuntimeError(f"GX reordered or dropped expectations of suite {spec.name}")
        position = {e.id: i for i, e in enumerate(suite.expectations)}
        definition = self.context.validation_definitions.add(
            self.gx.ValidationDefinition(name=key, data=self._batch_definition(spec.name), suite=suite)
        )
        actions = [UpdateDataDocsAction(name="data_docs", site_names=[DOCS_SITE])] if self.docs_dir else []
        checkpoint = self.context.checkpoints.add(
            self.gx.Checkpoint(name=key, validation_definitions=[definition], actions=actions, result_format="SUMMARY")
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # GX/pandas deprecation chatter; results carry what matters
            run = checkpoint.run(batch_parameters={"dataframe": frame})
        [validation] = run.run_results.values()
        outcomes = sorted((_outcome(r, position) for r in validation.results), key=lambda o: o.index)
        complete = sorted(o.index for o in outcomes) == list(range(len(spec.expectations)))
        return SuiteResult(
            spec.name, spec.relation_label, bool(run.success) and complete and all(o.success for o in outcomes),
            rows=len(frame), outcomes=outcomes,
        )


def _outcome(result, position: dict[str, int]) -> ExpectationOutcome:
    config = result.expectation_config
    kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
    success = bool(result.success)
    detail = "" if success else _failure_detail(result)
    return ExpectationOutcome(config.type, kwargs, success, detail, position.get(config.id, -1))


def _failure_detail(result) -> str:
    error = _exception_message(result.exception_info)
    if error:
        return f"raised {error}"
    r = result.result or {}
    kwargs = result.expectation_config.kwargs
    parts = []
    if "observed_value" in r:
        parts.append(f"observed {_short(r['observed_value'])}")
    if "min_value" in kwargs or "max_value" in kwargs:
        parts.append(f"expected {_short(kwargs.get('min_value'))}..{_short(kwargs.get('max_value'))}")
    if r.get("unexpected_count"):
        n, total = r["unexpected_count"], r.get("element_count")
        pct = r.get("unexpected_percent")
        share = f" of {total:,}" if total is not None else ""
        share += f" ({pct:.2f}%)" if pct is not None else ""
        values = _distinct(r.get("partial_unexpected_list") or [])
        parts.append(f"{n:,} unexpected{share}" + (f", e.g. {values}" if values else ""))
    return "; ".join(parts) or "failed"


def _exception_message(info: Any) -> str | None:
    if not info:
        return None
    if isinstance(info, dict) and "raised_exception" in info:
        return _one_line(info.get("exception_message")) if info.get("raised_exception") else None
    if isinstance(info, dict):  # keyed by metric id
        for sub in info.values():
            message = _exception_message(sub)
            if message:
                return message
    return None


def _distinct(values: list) -> str:
    shown: list[str] = []
    for v in values:
        text = _short(v)
        if text not in shown:
            shown.append(text)
        if len(shown) == _MAX_SHOWN_VALUES:
            break
    return "[" + ", ".join(shown) + "]" if shown else ""


def _short(value: Any) -> str:
    if hasattr(value, "item") and not isinstance(value, (list, dict)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, float) and math.isnan(value):
        return "null"
    if value is None or value is pd.NA or value is pd.NaT:
        return "null"
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.isoformat()
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _condition_text(condition: Any) -> str:
    if isinstance(condition, dict):
        col = (condition.get("column") or {}).get("name", "?")
        if condition.get("type") == "nullity":
            return f"{col} is {'null' if condition.get('is_null') else 'not null'}"
        if condition.get("type") == "comparison":
            return f"{col} {condition.get('operator')} {condition.get('parameter')!r}"
        if condition.get("type") in ("and", "or"):
            joiner = f" {condition['type']} "
            return joiner.join(_condition_text(c) for c in condition.get("conditions", []))
    return str(condition)


def _one_line(exc: Any) -> str:
    return re.sub(r"\s+", " ", str(exc)).strip()[:300]
