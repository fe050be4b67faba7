"""Insert a row and its child rows in one statement, one round trip (PostgreSQL).

A hot write path (a patrol report with its walkers, observations, defects and audit entry) costs
one round trip per INSERT plus BEGIN and COMMIT through the ORM. On PostgreSQL the same rows go in
as one data-modifying `WITH` statement: the parent's INSERT returns its id, every child INSERT
reads it from there, and a single statement is atomic on its own (no BEGIN/COMMIT needed outside a
transaction). Values come from the models exactly as the ORM prepares them (`pre_save`,
`get_db_prep_save`), so the statement follows the models when they change.

The rows travel as **one JSON parameter** and PostgreSQL turns them into typed rows with
`jsonb_populate_recordset(NULL::<table>, ...)` (its own input functions, as for a literal), so the
statement text is the same for every report however many rows it has: it is prepared once per
connection (no parsing or planning per report) and the driver neither rewrites a long statement
nor quotes a hundred parameters per call. `settings.DB_PREPARED_STATEMENTS = False` turns the
preparing off (behind a connection pooler in transaction mode without prepared-statement support).

    parent_id, child_ids = insert_graph(report, [
        Children(Observation, observations, parent_field="report_id"),
        Children(Defect, defects, parent_field="report_id", returning=True),
    ])

`supported()` says whether the current database can do this; callers keep their ORM path for the
others (SQLite). An IntegrityError (e.g. a unique key) leaves nothing inserted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models.expressions import DatabaseDefault


@dataclass
class Children:
    model: type[models.Model]
    objs: Sequence[models.Model]
    parent_field: str  # attname of the column that holds the parent's id, e.g. "report_id"
    parent_as_text: bool = False  # the column stores the id as text (e.g. an audit entry's object_id)
    returning: bool = False  # give back the new primary keys, in the order of `objs`


def supported() -> bool:
    return connection.vendor == "postgresql"


def _pk_column(model: type[models.Model]) -> str:
    pk = model._meta.pk
    assert pk is not None
    return str(pk.column)


def _insert_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    meta = model._meta
    return [f for f in meta.local_concrete_fields if f is not meta.auto_field and not f.generated]


# Field classes whose pre_save reads the attribute and whose get_db_prep_save hands back a value of
# this Python type unchanged: such values skip the per-field preparation (a third of the insert's CPU).
_AS_IS: dict[type[models.Field[Any, Any]], tuple[type, ...]] = {
    models.CharField: (str,), models.TextField: (str,), models.SlugField: (str,), models.EmailField: (str,),
    models.BooleanField: (bool,), models.FloatField: (float,),
    models.IntegerField: (int,), models.SmallIntegerField: (int,), models.BigIntegerField: (int,),
    models.PositiveIntegerField: (int,), models.PositiveSmallIntegerField: (int,),
    models.PositiveBigIntegerField: (int,), models.ForeignKey: (int,),
}


@lru_cache(maxsize=64)
def _columns(model: type[models.Model]) -> tuple[tuple[models.Field[Any, Any], str, str, tuple[type, ...]], ...]:
    """(field, attname, column, Python types it takes as they are) for each inserted column."""
    return tuple((f, f.attname, str(f.column), _AS_IS.get(type(f), ())) for f in _insert_fields(model))


_PLAIN = (str, int, float, bool)


def _json_value(value: Any) -> Any:
    """A prepared database value as JSON that PostgreSQL's input function for the column reads back."""
    if isinstance(value, _PLAIN):
        return value
    obj = getattr(value, "obj", _PLAIN)  # psycopg's Json/Jsonb wrapper of a JSONField value
    if obj is not _PLAIN:
        return obj
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, timedelta):
        return f"{value.total_seconds()!r} seconds"
    if isinstance(value, bytes | memoryview):
        return "\\x" + bytes(value).hex()
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    raise TypeError(f"insert_graph cannot send a {type(value).__name__} value")


def _row(obj: models.Model, columns: tuple[tuple[Any, str, str, tuple[type, ...]], ...], conn: Any,
         skip: str | None = None) -> dict[str, Any]:
    """The row as {column: value}; NULLs are left out (a missing key is NULL, a JSON null would be
    the JSON value null in a json column)."""
    row = {}
    values = obj.__dict__
    for f, attname, column, as_is in columns:
        if attname == skip:
            continue
        if as_is:
            value = values.get(attname)
            if value is None:
                continue
            if type(value) in as_is:
                row[column] = value
                continue
        value = f.pre_save(obj, add=True)
        if isinstance(value, DatabaseDefault) or hasattr(value, "resolve_expression"):
            raise TypeError(f"{f.name}: database defaults and expressions are not supported by insert_graph")
        value = f.get_db_prep_save(value, connection=conn)
        if value is not None:
            row[column] = _json_value(value)
    return row


Spec = tuple[type[models.Model], tuple[tuple[type[models.Model], str, bool, bool], ...]]


@lru_cache(maxsize=64)
def _statement(spec: Spec) -> str:
    """The one statement for a parent model and its child groups (cached: the same text every time)."""
    model, groups = spec
    qn = connection.ops.quote_name

    def insert(name: str, table_model: type[models.Model], key: str, parent: tuple[str, str] | None) -> str:
        fields = _insert_fields(table_model)
        table = qn(table_model._meta.db_table)
        columns = ", ".join(qn(str(f.column)) for f in fields)
        values = ", ".join(parent[1] if parent and f.attname == parent[0] else f"r.{qn(str(f.column))}"
                           for f in fields)
        pk = qn(_pk_column(table_model))
        # Names and columns come from the models; the data is the one parameter.
        return (f"{name} AS (INSERT INTO {table} ({columns}) SELECT {values} "  # noqa: S608
                f"FROM d, jsonb_populate_recordset(NULL::{table}, d.j->'{key}') AS r RETURNING {pk})")

    pk_col = qn(_pk_column(model))
    ctes = ["d AS MATERIALIZED (SELECT %s::jsonb AS j)", insert("p", model, "p", None)]
    selects = [f"(SELECT {pk_col} FROM p)"]  # noqa: S608
    for i, (child, parent_field, as_text, returning) in enumerate(groups):
        ref = f"(SELECT {pk_col}{'::text' if as_text else ''} FROM p)"  # noqa: S608
        ctes.append(insert(f"c{i}", child, f"c{i}", (parent_field, ref)))
        if returning:
            # A data-modifying WITH runs whether or not the main query reads it. The ids of one
            # INSERT ... SELECT ascend in the order of the rows it reads (the JSON array's order).
            child_pk = qn(_pk_column(child))
            selects.append(f"ARRAY(SELECT {child_pk} FROM c{i} ORDER BY {child_pk})")  # noqa: S608
    return "WITH " + ", ".join(ctes) + " SELECT " + ", ".join(selects)


@lru_cache(maxsize=1)
def _prepared_cursor_class() -> type:
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparedCursor(ServerBindingCursor):  # type: ignore[misc, valid-type]
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            raw = self.connection  # type: ignore[attr-defined]
            threshold = raw.prepare_threshold
            # Django leaves psycopg's automatic preparing off (None); prepare only this statement.
            raw.prepare_threshold = 1 << 30
            try:
                return super().execute(query, params, prepare=True)  # type: ignore[misc]
            finally:
                raw.prepare_threshold = threshold

    return PreparedCursor


def _cursor(conn: Any) -> Any:
    """A Django cursor (query logging, error wrapping) over a server-binding psycopg cursor that
    prepares what it runs, unless prepared statements are switched off."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    conn.ensure_connection()
    prepare = bool(getattr(settings, "DB_PREPARED_STATEMENTS", True))
    raw = (_prepared_cursor_class() if prepare else ServerBindingCursor)(conn.connection)
    return _LoggedCursor(raw, conn) if conn.queries_logged else conn.make_cursor(raw)


class _LoggedCursor(CursorDebugWrapper):
    """Django's query log (tests, the debug toolbar) with the statement as written: psycopg keeps no
    rendered text of a prepared statement to show."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(sql, params, use_last_executed_query=False):
            return CursorWrapper.execute(self, sql, params)


def insert_graph(parent: models.Model, children: list[Children]) -> tuple[int, list[list[int]]]:
    """Insert `parent` and `children` in one statement; returns (parent id, [new ids per child group
    that asked for them, else []]). Sets the parent's pk and marks it saved."""
    conn = connections[DEFAULT_DB_ALIAS]  # once: each use of the `connection` proxy is a thread-local lookup
    model = type(parent)
    spec: Spec = (model, tuple((g.model, g.parent_field, g.parent_as_text, g.returning) for g in children))
    document: dict[str, Any] = {"p": [_row(parent, _columns(model), conn)]}
    for i, group in enumerate(children):
        columns = _columns(group.model)
        document[f"c{i}"] = [_row(obj, columns, conn, skip=group.parent_field) for obj in group.objs]
    with _cursor(conn) as cursor:
        cursor.execute(_statement(spec), [json.dumps(document, allow_nan=False, separators=(",", ":"))])
        row = cursor.fetchone()
    parent.pk = row[0]
    parent._state.adding = False
    parent._state.db = conn.alias
    returned = iter(row[1:])
    ids = [list(next(returned)) if group.returning else [] for group in children]
    for group, new_ids in zip(children, ids, strict=True):
        for obj, pk in zip(group.objs, new_ids, strict=False):
            obj.pk = pk
            obj._state.adding = False
            obj._state.db = conn.alias
    return int(row[0]), ids
