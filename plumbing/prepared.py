"""The busiest reads as prepared statements (decision 0016).

Django's cursors bind parameters in Python and send every query as text, to be parsed and planned afresh; and
composing an ORM query costs more than running a small one. The few reads that every page or public check makes
go to psycopg instead, prepared once per connection, and `instance` builds model instances from their rows as
the ORM would.
"""

from __future__ import annotations

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections


def rows(sql: str, params: list) -> list[tuple]:
    """The rows of `sql` (with %s placeholders), as a prepared statement: parsed and planned once per
    connection, not for every request (unless DB_PREPARE_THRESHOLD is empty, behind a pooler that cannot keep
    them). It goes to psycopg's connection itself, after the steps of Django's `cursor()` that matter here (the
    health check, connecting; errors become Django's), without the cursor wrapper, which cost as much as the
    public check's query."""
    db = connections[DEFAULT_DB_ALIAS]
    db.close_if_health_check_failed()
    db.ensure_connection()
    raw = db.connection
    # psycopg's own cursor, which binds on the server: the connection's default is Django's ClientCursor.
    with db.wrap_database_errors, psycopg.Cursor(raw) as cursor:
        return cursor.execute(sql, params, prepare=raw.prepare_threshold is not None).fetchall()


def columns(model, alias: str) -> list[str]:
    """`alias."column"` for each concrete field of `model`, in the order `instance` reads them."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    return [f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields]


def instance(model, values):
    """A `model` instance from the values of `columns(model, …)`, as the ORM makes it: each field's converters
    applied (a JSON field's text becomes its value), loaded from the default database."""
    db = connections[DEFAULT_DB_ALIAS]
    fields = model._meta.concrete_fields
    converted = []
    for field, value in zip(fields, values, strict=True):
        if value is not None:
            for converter in field.get_db_converters(db):
                value = converter(value, None, db)
        converted.append(value)
    return model.from_db(DEFAULT_DB_ALIAS, [field.attname for field in fields], converted)
