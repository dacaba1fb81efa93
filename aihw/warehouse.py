"""Warehouse I/O: the only module of the project (aihw and python_ml) that speaks SQL.

Relations are never hard-coded: models are looked up by name and python_ml's own tables by source table
name in dbt's manifest (target/<target>/manifest.json), so a schema or alias change in dbt is followed here.
Connection settings come from the `Settings` object (the same values the dbt runner hands to profiles.yml),
so the warehouse file or server Python writes to is always the one dbt built.
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from aihw.config import Settings

ML_SOURCE = "python_ml"


class WarehouseError(RuntimeError):
    pass


@dataclass(frozen=True)
class Relation:
    schema: str
    identifier: str

    def __str__(self) -> str:
        return f"{self.schema}.{self.identifier}"


# --------------------------------------------------------------------------- manifest look-ups
def load_manifest(settings: Settings) -> dict:
    """dbt's manifest of the target, read once per version of the file in a process (a what-if run looked it up
    five times, ~0.05 s each); callers only read it."""
    path = settings.manifest_path
    if not path.is_file():
        raise WarehouseError(f"{path} not found: run dbt (parse or build) for target {settings.target} first")
    stat = path.stat()
    return _read_manifest(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _read_manifest(path: str, mtime_ns: int, size: int) -> dict:  # the file's version is part of the key
    return json.loads(Path(path).read_text(encoding="utf-8"))


def model_relation(manifest: dict, model_name: str) -> Relation:
    for node in manifest["nodes"].values():
        if node["resource_type"] in ("model", "seed") and node["name"] == model_name:
            return Relation(node["schema"], node.get("alias") or node["name"])
    raise WarehouseError(f"model {model_name!r} is not in the dbt manifest")


def source_relation(manifest: dict, table_name: str, source_name: str = ML_SOURCE) -> Relation:
    for src in manifest["sources"].values():
        if src["source_name"] == source_name and src["name"] == table_name:
            return Relation(src["schema"], src.get("identifier") or src["name"])
    raise WarehouseError(f"source {source_name}.{table_name} is not declared in the dbt project")


# --------------------------------------------------------------------------- engines
_PG_TYPES = {"f": "double precision", "i": "bigint", "u": "bigint", "b": "boolean", "M": "timestamp"}


def _sql_type(series: pd.Series) -> str:
    return _PG_TYPES.get(series.dtype.kind, "text")


class Warehouse:
    """A connection to the target warehouse with the few operations python_ml needs."""

    quote_char = '"'

    def __init__(self, settings: Settings):
        self.settings = settings

    # -- helpers shared by both engines
    def q(self, name: str) -> str:
        return self.quote_char + name.replace(self.quote_char, self.quote_char * 2) + self.quote_char

    def qr(self, relation: Relation) -> str:
        return f"{self.q(relation.schema)}.{self.q(relation.identifier)}"

    # -- engine specific
    def read_relation(self, relation: Relation) -> pd.DataFrame:
        raise NotImplementedError

    def table_exists(self, relation: Relation) -> bool:
        raise NotImplementedError

    def write_tables(
        self, replace: dict[Relation, pd.DataFrame], append: dict[Relation, pd.DataFrame] | None = None
    ) -> None:
        """Replace some tables and append to others in ONE transaction: a failed or killed run leaves every
        table as it was, so predictions, validation and the registry always belong to the same run."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def row_count(self, relation: Relation) -> int:
        return int(self.query_frame(f"select count(*) as n from {self.qr(relation)}")["n"].iloc[0])

    def query_frame(self, sql: str) -> pd.DataFrame:
        raise NotImplementedError

    def _columns_ddl(self, frame: pd.DataFrame) -> str:
        return ", ".join(f"{self.q(c)} {_sql_type(frame[c])}" for c in frame.columns)


class DuckDBWarehouse(Warehouse):
    def __init__(self, settings: Settings, read_only: bool = False):
        import duckdb

        super().__init__(settings)
        path = settings.duckdb_path
        if read_only and not path.exists():
            raise WarehouseError(f"warehouse file {path} does not exist: run the main job first")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.con = duckdb.connect(str(path), read_only=read_only)

    def query_frame(self, sql: str) -> pd.DataFrame:
        return self.con.sql(sql).df()

    def _run(self, sql: str, params: list | None = None) -> list:
        """Execute and drain (DuckDB 2 keeps a statement's result open until it is fetched)."""
        return self.con.execute(sql, params or []).fetchall()

    def read_relation(self, relation: Relation) -> pd.DataFrame:
        return self.query_frame(f"select * from {self.qr(relation)}")

    def table_exists(self, relation: Relation) -> bool:
        n = self._run(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [relation.schema, relation.identifier],
        )[0][0]
        return n > 0

    def _load(self, relation: Relation, frame: pd.DataFrame, create: bool) -> None:
        self.con.register("_aihw_frame", frame)
        try:
            if create:
                self._run(f"create table {self.qr(relation)} as select * from _aihw_frame")
            else:
                cols = ", ".join(self.q(c) for c in frame.columns)
                self._run(f"insert into {self.qr(relation)} ({cols}) select {cols} from _aihw_frame")
        finally:
            self.con.unregister("_aihw_frame")

    def drop_schemas(self, schemas: tuple[str, ...] | list[str]) -> None:
        """Drop whole schemas with everything in them (DuckDB refuses to replace a table that a foreign key
        of a table outside the current dbt selection references; dropping the layers first avoids that)."""
        for schema in schemas:
            self._run(f"drop schema if exists {self.q(schema)} cascade")

    def write_tables(self, replace, append=None) -> None:
        append = append or {}
        self.con.begin()
        try:
            for relation, frame in replace.items():
                self._run(f"create schema if not exists {self.q(relation.schema)}")
                self._run(f"drop table if exists {self.qr(relation)}")
                self._load(relation, frame, create=True)
            for relation, frame in append.items():
                self._run(f"create schema if not exists {self.q(relation.schema)}")
                self._load(relation, frame, create=not self.table_exists(relation))
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise

    def close(self) -> None:
        self.con.close()


class PostgresWarehouse(Warehouse):
    def __init__(self, settings: Settings):
        import psycopg2

        super().__init__(settings)
        pg = settings.postgres
        self.conn = psycopg2.connect(
            host=pg.host, port=pg.port, user=pg.user, password=pg.password or None, dbname=pg.database,
        )

    def query_frame(self, sql: str) -> pd.DataFrame:
        with self.conn.cursor() as cur:
            cur.execute(sql)
            cols = [d[0] for d in cur.description]
            rows = cur.fetchall()
        self.conn.commit()
        frame = pd.DataFrame(rows, columns=cols)
        for c in frame.columns:  # numeric columns come back as Decimal/None objects: make them numbers
            if frame[c].dtype == object:
                converted = pd.to_numeric(frame[c], errors="coerce")
                if converted.notna().sum() == frame[c].notna().sum() and frame[c].notna().any():
                    frame[c] = converted.astype(float)
        return frame

    def read_relation(self, relation: Relation) -> pd.DataFrame:
        return self.query_frame(f"select * from {self.qr(relation)}")

    def table_exists(self, relation: Relation) -> bool:
        with self.conn.cursor() as cur:
            cur.execute(
                "select count(*) from information_schema.tables where table_schema = %s and table_name = %s",
                (relation.schema, relation.identifier),
            )
            n = cur.fetchone()[0]
        self.conn.commit()
        return n > 0

    def _same_columns(self, cur, relation: Relation, frame: pd.DataFrame) -> bool:
        """Whether ``relation`` exists with exactly the columns (names, order and types) ``frame`` would get."""
        columns = ("select attname, format_type(atttypid, atttypmod) from pg_attribute "
                   "where attrelid = %s::regclass and attnum > 0 and not attisdropped order by attnum")
        cur.execute("select to_regclass(%s)", (self.qr(relation),))
        if cur.fetchone()[0] is None:
            return False
        cur.execute(columns, (self.qr(relation),))
        existing = cur.fetchall()
        cur.execute(f"create temporary table _aihw_new_columns ({self._columns_ddl(frame)}) on commit drop")
        cur.execute(columns, ("_aihw_new_columns",))
        wanted = cur.fetchall()
        cur.execute("drop table _aihw_new_columns")
        return existing == wanted

    def _copy(self, cur, relation: Relation, frame: pd.DataFrame) -> None:
        buf = io.StringIO()
        out = frame.copy()
        for c in out.columns:
            if out[c].dtype.kind == "b":
                out[c] = out[c].map({True: "t", False: "f"})
        out.replace([np.inf, -np.inf], np.nan).to_csv(buf, index=False, header=False, na_rep="\\N")
        buf.seek(0)
        cols = ", ".join(self.q(c) for c in frame.columns)
        cur.copy_expert(
            f"copy {self.qr(relation)} ({cols}) from stdin with (format csv, null '\\N')", buf
        )

    def write_tables(self, replace, append=None) -> None:
        append = append or {}
        exists = {relation: self.table_exists(relation) for relation in append}
        with self.conn:  # one transaction: commit on success, rollback on any error
            with self.conn.cursor() as cur:
                for relation, frame in replace.items():
                    cur.execute(f"create schema if not exists {self.q(relation.schema)}")
                    if self._same_columns(cur, relation, frame):
                        # emptied in place: the views that read it (staging.stg_python_ml__*) stay valid
                        cur.execute(f"truncate table {self.qr(relation)}")
                    else:  # new or changed columns: the views on the old table go with it (the ML marts stage,
                        # which runs next, rebuilds them); a plain drop fails on any view that reads the table
                        cur.execute(f"drop table if exists {self.qr(relation)} cascade")
                        cur.execute(f"create table {self.qr(relation)} ({self._columns_ddl(frame)})")
                    self._copy(cur, relation, frame)
                for relation, frame in append.items():
                    cur.execute(f"create schema if not exists {self.q(relation.schema)}")
                    if not exists[relation]:
                        cur.execute(f"create table {self.qr(relation)} ({self._columns_ddl(frame)})")
                    self._copy(cur, relation, frame)

    def drop_schemas(self, schemas: tuple[str, ...] | list[str]) -> None:
        """Drop whole schemas with everything in them (a test's throwaway schemas)."""
        with self.conn, self.conn.cursor() as cur:
            for schema in schemas:
                cur.execute(f"drop schema if exists {self.q(schema)} cascade")

    def close(self) -> None:
        self.conn.close()


def run_model_sql_on_frame(compiled_sql: str, input_relation: Relation, frame: pd.DataFrame) -> pd.DataFrame:
    """Run a dbt model's compiled SQL (DuckDB dialect) over `frame` standing in for its input relation.

    Used to apply a staging model's typing and unit conversion to what-if input without restating it.
    All columns of `frame` are cast to text, as in the raw seeds, except integer bookkeeping columns.
    """
    import re

    import duckdb

    con = duckdb.connect(":memory:")
    try:
        con.execute(f"create schema {_quote(input_relation.schema)}").fetchall()
        con.register("_aihw_input", frame)
        cols = ", ".join(
            f"{_quote(c)}" if frame[c].dtype.kind in "iu" else f"cast({_quote(c)} as varchar) as {_quote(c)}"
            for c in frame.columns
        )
        target = f"{_quote(input_relation.schema)}.{_quote(input_relation.identifier)}"
        con.execute(f"create table {target} as select {cols} from _aihw_input").fetchall()
        # the compiled SQL names the warehouse database ("aihw"."raw"."seed"); drop that qualifier
        sql = re.sub(rf'"[^"]+"\.{re.escape(target)}', target, compiled_sql)
        return con.execute(sql).df()
    finally:
        con.close()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


LAYER_SCHEMAS = ("raw", "reference", "staging", "intermediate", "marts")


def columns_only_sql(statement: str) -> str:
    """The statement as a query that returns its columns and no rows (MetricFlow's dry run, aihw.semantic)."""
    return f"select * from ({statement}) as dry_run where 1 = 0"


def layer_row_counts(wh: Warehouse, ml_schema: str | None = None) -> dict[str, int]:
    """Total rows per layer (schema), counted table by table; views count too (staging)."""
    schemas = [*LAYER_SCHEMAS, ml_schema or source_relation(load_manifest(wh.settings), "predictions").schema]
    listed = ", ".join(f"'{s}'" for s in schemas)
    tables = wh.query_frame(
        "select table_schema, table_name from information_schema.tables "
        f"where table_schema in ({listed}) order by table_schema, table_name"
    )
    totals = {s: 0 for s in schemas}
    for schema, name in tables.itertuples(index=False):
        totals[schema] += wh.row_count(Relation(schema, name))
    return totals


_RELATION_PLACEHOLDER = r"\{\{\s*ref\('(\w+)'\)\s*\}\}"


def query_file(wh: Warehouse, path, manifest: dict | None = None) -> pd.DataFrame:
    """Run a saved query file (e.g. dashboard/queries/*.sql) whose relations are written `{{ ref('model') }}`:
    each is resolved in the target's dbt manifest and quoted for the engine, the rest runs as written."""
    import re
    from pathlib import Path

    manifest = manifest if manifest is not None else load_manifest(wh.settings)
    sql = Path(path).read_text(encoding="utf-8").strip().rstrip(";")
    resolved = re.sub(_RELATION_PLACEHOLDER, lambda m: wh.qr(model_relation(manifest, m.group(1))), sql)
    if "{{" in resolved or "{%" in resolved:
        raise WarehouseError(f"{path}: only {{{{ ref('model') }}}} placeholders are resolved")
    return wh.query_frame(resolved)


def connect(settings: Settings, read_only: bool = False) -> Warehouse:
    if settings.target == "duckdb":
        return DuckDBWarehouse(settings, read_only=read_only)
    return PostgresWarehouse(settings)


@contextmanager
def session(settings: Settings, read_only: bool = False) -> Iterator[Warehouse]:
    wh = connect(settings, read_only=read_only)
    try:
        yield wh
    finally:
        wh.close()
