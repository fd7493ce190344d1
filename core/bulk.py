"""Inserting many new rows at once: bulk_create, or COPY on PostgreSQL.

On PostgreSQL, Django's bulk_create builds one ``INSERT ... SELECT * FROM UNNEST(...)``
per batch and its psycopg cursor binds every value client-side: each element of each
column array is quoted in Python, which costs the importer more than the server's own
work on the rows. ``COPY ... FROM STDIN`` streams the rows through psycopg's C row
encoder instead. Ids an identity or serial primary key would draw are drawn first from
its sequence, in one query, so every object gets its id as with bulk_create.

Only plain models take that path (no multi-table inheritance, order_with_respect_to,
database defaults or values returned by the insert other than the primary key); any
other model, and every other database, uses bulk_create unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Model
from django.db.models.expressions import DatabaseDefault
from django.db.models.fields import NOT_PROVIDED, AutoFieldMixin


def insert_new[M: Model](objs: Sequence[M], *, batch_size: int | None = None) -> list[M]:
    """Insert unsaved objects of one model, like ``bulk_create(objs)``: the objects come
    back with their primary keys set and marked as saved. No signals are sent."""
    objs = list(objs)
    if not objs:
        return objs
    model = type(objs[0])
    db = router.db_for_write(model)
    connection = connections[db]
    if connection.vendor != "postgresql" or not _copyable(model):
        return model._default_manager.bulk_create(objs, batch_size=batch_size)
    return _copy(connection, db, model, objs)


def _copyable(model: type[Model]) -> bool:
    meta = model._meta
    return (
        not meta.parents
        and meta.order_with_respect_to is None
        and all(f.db_default is NOT_PROVIDED for f in meta.concrete_fields)
        and all(f is meta.pk for f in meta.db_returning_fields)
        and meta.pk is not None
        and meta.pk.column is not None  # not a composite key
    )


def _copy[M: Model](connection, db: str, model: type[M], objs: list[M]) -> list[M]:
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    quote = connection.ops.quote_name
    for obj in objs:
        # As bulk_create: unsaved related objects refused, foreign key ids copied.
        obj._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
        if isinstance(obj.pk, DatabaseDefault) or obj.pk is None:
            obj.pk = pk.get_pk_value_on_save(obj)
    missing = [obj for obj in objs if obj.pk is None]
    if missing and not isinstance(pk, AutoFieldMixin):
        return model._default_manager.bulk_create(objs)
    fields = [f for f in meta.concrete_fields if not f.generated]
    try:
        with connection.cursor() as cursor:
            if missing:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [quote(meta.db_table), pk.column, len(missing)],
                )
                for obj, (value,) in zip(missing, sorted(cursor.fetchall()), strict=True):
                    obj.pk = value
            copy_rows(
                connection,
                meta.db_table,
                [str(f.column) for f in fields],
                (
                    [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
                    for obj in objs
                ),
            )
    except BaseException:
        # As after a failed bulk_create: the objects are still unsaved.
        for obj in missing:
            obj.pk = None
        raise
    for obj in objs:
        obj._state.adding = False
        obj._state.db = db
    return objs


def copy_rows(
    connection: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence]
) -> None:
    """``COPY table (columns) FROM STDIN`` with ``rows`` (values as psycopg adapts them),
    on a PostgreSQL connection. Rows are sent as they are produced, so the server works
    on the first ones while later ones are still being made. The statement is logged
    like any other query when queries are (Django's debug cursor logs COPY); execute_wrapper
    hooks do not see it."""
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(quote(table), ", ".join(quote(c) for c in columns))
    # Errors as Django's (IntegrityError...), as for any statement run through the ORM.
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
