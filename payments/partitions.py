"""Payments partitioned by period (docs/decisions/0006).

A register brings mostly one month's payments. With one table, each of its million rows lands at a
random place in a 12-million-entry identity index; with a partition per month, they land in a small,
fresh index, in order, and the import's merge costs about half. Layout:

- one partition per year for the years before 2026 (history: late payments only);
- one partition per month from January 2026, created ahead of time (`ensure`, run before each import
  and monthly by Celery beat);
- a DEFAULT partition, so that a row for a month without its own partition is still stored, never
  refused. `ensure` leaves a month alone if the default partition already holds rows for it.

"""

from __future__ import annotations

import logging
from datetime import date

from django.db import connection

log = logging.getLogger(__name__)

TABLE = "payments_payment"
MONTHLY_FROM = date(2026, 1, 1)
HISTORY_FROM_YEAR = 2017  # OSMS payments began in July 2017
MONTHS_AHEAD = 14  # a register may carry prepayments up to 12 months after the month it is received


def _month(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _index(day: date) -> int:
    return day.year * 12 + day.month - 1


def monthly_name(first: date) -> str:
    return f"{TABLE}_m{first:%Y%m}"


def _create(cursor, name: str, start: date, end: date) -> bool:
    """Create one partition unless it exists or the default partition already holds its rows."""
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
    if cursor.fetchone()[0]:
        return False
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {TABLE}_default WHERE period >= %s AND period < %s)", [start, end])
    if cursor.fetchone()[0]:
        log.warning("partition %s not created: the default partition holds rows for it", name)
        return False
    cursor.execute(f"CREATE TABLE {name} PARTITION OF {TABLE} FOR VALUES FROM ('{start}') TO ('{end}')")
    return True


def ensure(*, today: date, months_ahead: int = MONTHS_AHEAD) -> int:
    """Make sure monthly partitions exist from January 2026 up to `months_ahead` after `today`; returns how
    many were created. Run it outside the import's transaction: creating a partition locks the table."""
    if not is_partitioned():
        return 0
    created = 0
    with connection.cursor() as cursor:
        first, last = _index(MONTHLY_FROM), _index(today) + months_ahead
        for index in range(first, last + 1):
            start, end = _month(index), _month(index + 1)
            created += _create(cursor, monthly_name(start), start, end)
    return created


def is_partitioned() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = %s::regclass)", [TABLE])
        return cursor.fetchone()[0]


def partition_table(schema_editor, *, today: date) -> None:
    """Turn the plain payments table into the partitioned one, keeping every row (migration 0012)."""
    execute = schema_editor.execute
    execute(f"ALTER TABLE {TABLE} RENAME TO {TABLE}_plain")
    execute(f"ALTER TABLE {TABLE}_plain RENAME CONSTRAINT payment_identity TO payment_identity_plain")
    execute("ALTER INDEX IF EXISTS payment_register_brin RENAME TO payment_register_brin_plain")
    execute(f"ALTER TABLE {TABLE}_plain RENAME CONSTRAINT {TABLE}_pkey TO {TABLE}_plain_pkey")
    execute(
        f"CREATE TABLE {TABLE} (LIKE {TABLE}_plain INCLUDING DEFAULTS INCLUDING CONSTRAINTS) "
        "PARTITION BY RANGE (period)"
    )
    # A partitioned table cannot have an identity column on PostgreSQL 15: a sequence gives the ids.
    execute(f"CREATE SEQUENCE {TABLE}_id_seq_p OWNED BY {TABLE}.id")
    execute(f"SELECT setval('{TABLE}_id_seq_p', COALESCE((SELECT max(id) FROM {TABLE}_plain), 0) + 1, false)")
    execute(f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{TABLE}_id_seq_p')")
    # The primary key and the identity must hold the partition key; the identity already leads with it.
    execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id, period)")
    execute(
        f"ALTER TABLE {TABLE} ADD CONSTRAINT payment_identity UNIQUE (iin, period, knp, sender_id, number, received_on)"
    )
    execute(f"CREATE INDEX payment_register_brin ON {TABLE} USING brin (register_id)")
    execute(f"CREATE TABLE {TABLE}_default PARTITION OF {TABLE} DEFAULT")
    for year in range(HISTORY_FROM_YEAR, MONTHLY_FROM.year):
        execute(
            f"CREATE TABLE {TABLE}_y{year} PARTITION OF {TABLE} "
            f"FOR VALUES FROM ('{year}-01-01') TO ('{year + 1}-01-01')"
        )
    with schema_editor.connection.cursor() as cursor:
        first, last = _index(MONTHLY_FROM), _index(today) + MONTHS_AHEAD
        for index in range(first, last + 1):
            start, end = _month(index), _month(index + 1)
            _create(cursor, monthly_name(start), start, end)
    execute(f"INSERT INTO {TABLE} SELECT * FROM {TABLE}_plain")
    execute(f"DROP TABLE {TABLE}_plain")


def unpartition_table(schema_editor) -> None:
    """Back to one plain table (the reverse of migration 0012), keeping every row."""
    execute = schema_editor.execute
    execute(f"CREATE TABLE {TABLE}_plain (LIKE {TABLE} INCLUDING CONSTRAINTS)")
    execute(f"INSERT INTO {TABLE}_plain SELECT * FROM {TABLE}")
    execute(f"DROP TABLE {TABLE}")
    execute(f"ALTER TABLE {TABLE}_plain RENAME TO {TABLE}")
    execute(f"DROP SEQUENCE IF EXISTS {TABLE}_id_seq_p")
    execute(f"ALTER TABLE {TABLE} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
    execute(
        f"SELECT setval(pg_get_serial_sequence('{TABLE}', 'id'), COALESCE((SELECT max(id) FROM {TABLE}), 0) + 1, false)"
    )
    execute(f"ALTER TABLE {TABLE} ADD PRIMARY KEY (id)")
    execute(
        f"ALTER TABLE {TABLE} ADD CONSTRAINT payment_identity UNIQUE (iin, period, knp, sender_id, number, received_on)"
    )
    execute(f"CREATE INDEX payment_register_brin ON {TABLE} USING brin (register_id)")
