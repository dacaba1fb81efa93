"""The throwaway PostgreSQL of the check command: password authentication only, and a BI role that reads marts.

Runs against the server scripts/check.sh started (credentials from the credentials.env it sourced) after the
main job has built the warehouse there. Probing privileges needs SQL of its own: these statements are the
test's subject, not warehouse I/O.
"""

from __future__ import annotations

import os

import psycopg2
import pytest

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        os.environ.get("AIHW_TEST_POSTGRES") != "1" or not os.environ.get("AIHW_PG_BI_ROLE"),
        reason="needs the PostgreSQL (and its BI role) started by scripts/check.sh",
    ),
]

HIDDEN_SCHEMAS = ("raw", "staging", "intermediate", "ml")


def _connect(user: str, password: str | None):
    conn = psycopg2.connect(
        host=os.environ["AIHW_PG_HOST"], port=int(os.environ["AIHW_PG_PORT"]),
        dbname=os.environ["AIHW_PG_DATABASE"], user=user, password=password, connect_timeout=5,
    )
    conn.autocommit = True
    return conn


@pytest.fixture()
def bi():
    conn = _connect(os.environ["AIHW_PG_BI_ROLE"], os.environ["AIHW_PG_BI_PASSWORD"])
    yield conn.cursor()
    conn.close()


def _fails(cursor, statement: str) -> str:
    with pytest.raises(psycopg2.Error) as info:
        cursor.execute(statement)
    return info.value.pgcode or ""


def test_no_password_and_wrong_password_are_refused():
    for password in (None, "", "wrong-password"):
        with pytest.raises(psycopg2.OperationalError, match="password"):
            _connect("postgres", password)
        with pytest.raises(psycopg2.OperationalError, match="password"):
            _connect(os.environ["AIHW_PG_USER"], password)


def test_bi_role_reads_every_mart(bi):
    bi.execute("select table_name from information_schema.tables where table_schema = 'marts'")
    marts = sorted(name for (name,) in bi.fetchall())
    assert len(marts) >= 40, marts
    for name in marts:
        bi.execute(f'select count(*) from marts."{name}"')
        assert bi.fetchone()[0] >= 0


def test_bi_role_sees_nothing_outside_marts(bi):
    owner = _connect(os.environ["AIHW_PG_USER"], os.environ["AIHW_PG_PASSWORD"]).cursor()
    for schema in HIDDEN_SCHEMAS:
        owner.execute("select table_name from information_schema.tables where table_schema = %s limit 1", (schema,))
        (table,) = owner.fetchone()  # the owner has a table there ...
        assert _fails(bi, f'select * from "{schema}"."{table}" limit 1') == "42501"  # ... the BI role may not read it


def test_bi_role_cannot_write(bi):
    assert _fails(bi, "create table marts.bi_scratch (x int)") == "42501"
    assert _fails(bi, "create table public.bi_scratch (x int)") == "42501"
    assert _fails(bi, "create schema bi_scratch") == "42501"
    assert _fails(bi, "create temporary table bi_scratch (x int)") == "42501"
    for statement in (
        "truncate marts.dim_hardware",
        "delete from marts.dim_hardware",
        "update marts.dim_hardware set hardware_id = hardware_id",
        "insert into marts.dim_manufacturers select * from marts.dim_manufacturers limit 1",
        "drop table marts.dim_hardware",
    ):
        assert _fails(bi, statement) in ("42501", "42809"), statement
