"""Insert a row and its child rows in one statement, one round trip (PostgreSQL).

A hot write path (a patrol report with its walkers, observations, defects and audit entry) costs
one round trip per INSERT plus BEGIN and COMMIT through the ORM. On PostgreSQL the same rows can go
in as one data-modifying `WITH` statement: the parent's INSERT returns its id, every child INSERT
reads it from there, and a single statement is atomic on its own (no BEGIN/COMMIT needed outside a
transaction). Columns and values come from the models exactly as the ORM prepares them
(`pre_save`, `get_db_prep_save`), so the statement follows the models when they change.

    parent_id, child_ids = insert_graph(report, [
        Children(Observation, observations, parent_field="report_id"),
        Children(Defect, defects, parent_field="report_id", returning=True),
    ])

`supported()` says whether the current database can do this; callers keep their ORM path for the
others (SQLite). An IntegrityError (e.g. a unique key) leaves nothing inserted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
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


def _row(obj: models.Model, fields: list[models.Field[Any, Any]], params: list[Any],
         parent: tuple[str, str] | None = None) -> str:
    parts = []
    for f in fields:
        if parent is not None and f.attname == parent[0]:
            parts.append(parent[1])
            continue
        value = f.pre_save(obj, add=True)
        if isinstance(value, DatabaseDefault):
            parts.append("DEFAULT")
            continue
        if hasattr(value, "resolve_expression"):
            raise TypeError(f"{f.name}: expressions are not supported by insert_graph")
        params.append(f.get_db_prep_save(value, connection=connection))
        parts.append("%s")
    return "(" + ", ".join(parts) + ")"


def insert_graph(parent: models.Model, children: list[Children]) -> tuple[int, list[list[int]]]:
    """Insert `parent` and `children` in one statement; returns (parent id, [new ids per child group
    that asked for them, else []]). Sets the parent's pk and marks it saved."""
    qn = connection.ops.quote_name
    params: list[Any] = []
    model = type(parent)
    pk_col = qn(_pk_column(model))
    fields = _insert_fields(model)
    # Table and column names come from the models, values go in as parameters.
    ctes = [
        f"p AS (INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(str(f.column)) for f in fields)}) "  # noqa: S608
        f"VALUES {_row(parent, fields, params)} RETURNING {pk_col})"
    ]
    selects = [f"(SELECT {pk_col} FROM p)"]  # noqa: S608
    for i, group in enumerate(children):
        if not group.objs:
            continue
        child_fields = _insert_fields(group.model)
        ref = f"(SELECT {pk_col}{'::text' if group.parent_as_text else ''} FROM p)"  # noqa: S608
        rows = ", ".join(_row(obj, child_fields, params, (group.parent_field, ref)) for obj in group.objs)
        child_pk = qn(_pk_column(group.model))
        columns = ", ".join(qn(str(f.column)) for f in child_fields)
        ctes.append(f"c{i} AS (INSERT INTO {qn(group.model._meta.db_table)} ({columns}) "  # noqa: S608
                    f"VALUES {rows} RETURNING {child_pk})")
        # A data-modifying WITH runs whether or not the main query reads it. The ids of one
        # multi-row INSERT ascend in the order of its VALUES.
        if group.returning:
            selects.append(f"ARRAY(SELECT {child_pk} FROM c{i} ORDER BY {child_pk}) AS c{i}")  # noqa: S608
    sql = "WITH " + ", ".join(ctes) + " SELECT " + ", ".join(selects)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    parent.pk = row[0]
    parent._state.adding = False
    parent._state.db = connection.alias
    returned = iter(row[1:])
    ids = [list(next(returned)) if group.returning and group.objs else [] for group in children]
    for group, new_ids in zip(children, ids, strict=True):
        for obj, pk in zip(group.objs, new_ids, strict=False):
            obj.pk = pk
            obj._state.adding = False
            obj._state.db = connection.alias
    return int(row[0]), ids
