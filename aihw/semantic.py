"""Query the dbt semantic layer (metrics and saved queries of models/semantic/) with MetricFlow's engine.

dbt writes the semantic manifest (`<dbt target path>/semantic_manifest.json`) at every parse; MetricFlow
(installed with dbt-core) turns a metric query or a saved query into SQL for the target's dialect, and the
project's own warehouse connection (aihw.warehouse) runs it, so no credentials or adapter plug-in beyond the
project's are needed (dbt-metricflow's `mf` CLI is not installed; this is the same engine without it).

    python -m aihw metrics --saved-query throughput_per_watt_by_benchmark
    python -m aihw metrics --metrics model_error --group-by validation_metric__protocol
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from aihw.config import Settings

SEMANTIC_MANIFEST = "semantic_manifest.json"


class SemanticLayerError(RuntimeError):
    pass


def load_semantic_manifest(settings: Settings):
    """The semantic manifest dbt wrote for the settings' target (PydanticSemanticManifest)."""
    from metricflow_semantic_interfaces.implementations.semantic_manifest import PydanticSemanticManifest
    from metricflow_semantic_interfaces.transformations.semantic_manifest_transformer import (
        PydanticSemanticManifestTransformer,
    )

    path: Path = settings.dbt_target_path / SEMANTIC_MANIFEST
    if not path.is_file():
        raise SemanticLayerError(f"{path} not found: run `dbt parse` (or the main job) for target {settings.target}")
    manifest = PydanticSemanticManifest.parse_raw(path.read_text(encoding="utf-8"))
    # dbt-core writes the legacy spec (measures); MetricFlow's engine reads simple metrics with their own
    # aggregation: its standard transformations convert one into the other (as dbt-metricflow does)
    return PydanticSemanticManifestTransformer.transform(manifest)


@dataclass
class _WarehouseSqlClient:
    """MetricFlow's SqlClient protocol on the project's warehouse connection (read-only queries)."""

    warehouse: object
    target: str

    @property
    def sql_engine_type(self):
        from metricflow.protocols.sql_client import SqlEngine

        return SqlEngine.DUCKDB if self.target == "duckdb" else SqlEngine.POSTGRES

    @property
    def sql_plan_renderer(self):
        if self.target == "duckdb":
            from metricflow.sql.render.duckdb_renderer import DuckDbSqlPlanRenderer

            return DuckDbSqlPlanRenderer()
        from metricflow.sql.render.postgres import PostgresSQLSqlPlanRenderer

        return PostgresSQLSqlPlanRenderer()

    def query(self, stmt, sql_bind_parameter_set=None):
        from metricflow.data_table.mf_table import MetricFlowDataTable

        self._no_bind_parameters(sql_bind_parameter_set)
        frame = self.warehouse.query_frame(stmt)
        rows = [[None if pd.isna(v) else v for v in row] for row in frame.itertuples(index=False, name=None)]
        return MetricFlowDataTable.create_from_rows(list(frame.columns), rows)

    def execute(self, stmt, sql_bind_parameter_set=None) -> None:
        raise SemanticLayerError("the semantic layer only reads: MetricFlow asked to execute a statement")

    def dry_run(self, stmt, sql_bind_parameter_set=None) -> None:
        from aihw.warehouse import columns_only_sql

        self.query(columns_only_sql(stmt), sql_bind_parameter_set)

    def close(self) -> None:
        self.warehouse.close()

    def render_bind_parameter_key(self, bind_parameter_key: str) -> str:
        return f"${bind_parameter_key}" if self.target == "duckdb" else f"%({bind_parameter_key})s"

    @staticmethod
    def _no_bind_parameters(parameters) -> None:
        if parameters is not None and parameters.param_items:
            raise SemanticLayerError("bind parameters are not supported by the warehouse connection")


@dataclass(frozen=True)
class MetricQuery:
    """One semantic-layer query: a saved query by name, or metrics with their group-by items."""

    saved_query: str | None = None
    metrics: tuple[str, ...] = ()
    group_by: tuple[str, ...] = ()
    where: tuple[str, ...] = ()
    order_by: tuple[str, ...] = ()
    limit: int | None = None

    def __post_init__(self) -> None:
        if bool(self.saved_query) == bool(self.metrics):
            raise SemanticLayerError("give either a saved query or metrics, not both")


@dataclass(frozen=True)
class MetricResult:
    sql: str
    frame: pd.DataFrame


def query_metrics(settings: Settings, query: MetricQuery) -> MetricResult:
    """Compile the query with MetricFlow against the semantic manifest and run it on the warehouse."""
    from metricflow.engine.metricflow_engine import MetricFlowEngine, MetricFlowQueryRequest
    from metricflow_semantics.model.semantic_manifest_lookup import SemanticManifestLookup

    from aihw.warehouse import connect

    manifest = load_semantic_manifest(settings)
    client = _WarehouseSqlClient(connect(settings, read_only=True), settings.target)
    try:
        engine = MetricFlowEngine(semantic_manifest_lookup=SemanticManifestLookup(manifest), sql_client=client)
        request = MetricFlowQueryRequest.create(
            saved_query_name=query.saved_query,
            metric_names=list(query.metrics) or None,
            group_by_names=list(query.group_by) or None,
            where_constraints=list(query.where) or None,
            order_by_names=list(query.order_by) or None,
            limit=query.limit,
        )
        result = engine.query(request)
    finally:
        client.close()
    table = result.result_df
    frame = pd.DataFrame(list(table.rows), columns=list(table.column_names)) if table is not None else pd.DataFrame()
    return MetricResult(sql=result.sql, frame=frame)


def saved_query_names(settings: Settings) -> list[str]:
    return sorted(q.name for q in load_semantic_manifest(settings).saved_queries)
