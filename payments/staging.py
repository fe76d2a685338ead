"""Loading checked register rows into the database: a temporary staging table, then one merge.

On PostgreSQL rows go into the staging table with COPY (psycopg 3); on SQLite, the embedded default,
with batched inserts. The merge into payments and the creation of missing people are the same SQL on
both: `INSERT … SELECT … ON CONFLICT DO NOTHING`, so a row whose identity is already stored (or appears
twice in the file) is skipped, and the statement's row count is the number imported. Bad rows travel
in the same stream (with their line, reason and raw text) and land in quarantine with one statement,
so the whole file is read once and only one COPY is open on the connection.
"""

from __future__ import annotations

import re
import sys
from contextlib import suppress

from django.db import connection

from accounts.models import Person

from .importing import BadRow, GoodRow

TABLE = "payments_staging"
COLUMNS = (
    "received_on", "number", "knp", "sender_id", "sender_name", "iin", "last_name", "first_name",
    "middle_name", "amount", "period", "state", "line", "reason", "raw",
)  # fmt: skip
_TYPES = (
    "date", "varchar(32)", "smallint", "varchar(12)", "varchar(255)", "varchar(12)", "varchar(100)",
    "varchar(100)", "varchar(100)", "numeric(14,2)", "date", "varchar(8)", "integer", "varchar(32)", "text",
)  # fmt: skip
_NULL = "\\N"
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]")
BATCH = 5000


class Staging:
    """Use inside a transaction: `add` rows, then `merge` and `create_people`."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.rows = 0
        self.bad = 0
        self._buffer: list = []
        columns = ", ".join(f"{name} {kind}" for name, kind in zip(COLUMNS, _TYPES, strict=True))
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            suffix = " ON COMMIT DROP" if self.postgres else ""
            cursor.execute(f"CREATE TEMPORARY TABLE {TABLE} ({columns}){suffix}")
        self._cursor = connection.cursor()
        self._copy = None
        if self.postgres:
            self._copy_context = self._cursor.cursor.copy(f"COPY {TABLE} ({', '.join(COLUMNS)}) FROM STDIN")
            self._copy = self._copy_context.__enter__()

    def add(self, row: GoodRow | BadRow) -> None:
        self.rows += 1
        if isinstance(row, BadRow):
            self.bad += 1
            if self.postgres:
                self._buffer.append(
                    f"{_NULL}\t" * 12 + f"{row.line}\t{row.reason}\t{row.raw.translate(_COPY_ESCAPES)}\n"
                )
            else:
                self._buffer.append((None,) * 12 + (row.line, row.reason, row.raw))
        elif self.postgres:
            number, sender_name, last, first, middle = (
                row.number, row.sender_name, row.last_name, row.first_name, row.middle_name)  # fmt: skip
            # One search over the free-text fields (joined by a character that needs no escaping); rare hits
            # are escaped field by field.
            if _NEEDS_ESCAPE.search(f"{number}\x1f{sender_name}\x1f{last}\x1f{first}\x1f{middle}"):
                number, sender_name, last, first, middle = (
                    value.translate(_COPY_ESCAPES) for value in (number, sender_name, last, first, middle))  # fmt: skip
            self._buffer.append(
                f"{row.received_on}\t{number}\t{row.knp}\t{row.sender_id}\t{sender_name}\t{row.iin}\t{last}\t"
                f"{first}\t{middle}\t{row.amount}\t{row.period}\t{row.state}\t{row.line}\t{_NULL}\t{_NULL}\n"
            )
        else:
            self._buffer.append(
                (
                    row.received_on,
                    row.number,
                    row.knp,
                    row.sender_id,
                    row.sender_name,
                    row.iin,
                    row.last_name,
                    row.first_name,
                    row.middle_name,
                    row.amount,
                    row.period,
                    row.state,
                    row.line,
                    None,
                    None,
                )  # fmt: skip
            )
        if len(self._buffer) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self._buffer:
            return
        buffer, self._buffer = self._buffer, []  # taken out first: a failed write is never written again
        if self.postgres:
            self._copy.write("".join(buffer))
        else:
            marks = ", ".join(["%s"] * len(COLUMNS))
            self._cursor.executemany(f"INSERT INTO {TABLE} VALUES ({marks})", buffer)

    def close_input(self) -> None:
        try:
            self._flush()
        except Exception:
            self._abandon_copy()
            raise
        if self.postgres and self._copy is not None:
            self._copy, context = None, self._copy_context
            context.__exit__(None, None, None)

    def _abandon_copy(self) -> None:
        """Leave an unfinished COPY without sending more: it holds the connection, which the rollback needs
        (if the connection died mid-COPY, finishing it normally would wait forever)."""
        self._buffer = []
        if self._copy is not None:
            self._copy = None
            with suppress(Exception):
                self._copy_context.__exit__(*sys.exc_info())

    def merge(self, register_id: int) -> int:
        """Insert the staged rows into payments, skipping identities already stored; returns how many."""
        self.close_input()
        if self.postgres:
            # Planner statistics for the temporary table, and room to sort it in memory rather than on disk.
            self._cursor.execute(f"ANALYZE {TABLE}")
            self._cursor.execute("SET LOCAL work_mem = '256MB'")
        self._cursor.execute(
            "INSERT INTO payments_payment (register_id, received_on, number, knp, sender_id, sender_name, iin, "
            "last_name, first_name, middle_name, amount, period, state) "
            f"SELECT %s, received_on, number, knp, sender_id, sender_name, iin, last_name, first_name, middle_name, "
            f"amount, period, state FROM {TABLE} WHERE reason IS NULL ORDER BY iin, period ON CONFLICT DO NOTHING",
            [register_id],
        )
        return self._cursor.rowcount

    def create_people(self) -> int:
        """Add everyone the register names who is not in the person registry yet (birth date from the IIN)."""
        self._cursor.execute(
            f"SELECT s.iin, max(s.last_name), max(s.first_name), max(s.middle_name) FROM {TABLE} s "
            "WHERE s.reason IS NULL AND NOT EXISTS (SELECT 1 FROM accounts_person p WHERE p.iin = s.iin) "
            "GROUP BY s.iin"
        )
        created = 0
        while rows := self._cursor.fetchmany(BATCH):
            people = [Person.from_iin(iin, last_name=last, first_name=first, middle_name=middle)
                      for iin, last, first, middle in rows]  # fmt: skip
            created += len(Person.objects.bulk_create(people, ignore_conflicts=True))
        return created

    def quarantine(self, register_id: int) -> int:
        """Keep the bad rows, with line number and reason, for staff to see and download."""
        self.close_input()
        self._cursor.execute(
            "INSERT INTO payments_quarantinedrow (register_id, line, reason, raw) "
            f"SELECT %s, line, reason, raw FROM {TABLE} WHERE reason IS NOT NULL",
            [register_id],
        )
        return self._cursor.rowcount

    def drop(self) -> None:
        """Called last, on success or failure: an open COPY (a failed import) is abandoned, not finished."""
        self._abandon_copy()
        if not self.postgres:
            self._cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        self._cursor.close()
