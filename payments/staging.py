"""Loading checked register rows into the database: a temporary staging table, merged a batch at a time.

Rows go into the staging table a batch at a time (COPY through psycopg 3), and each batch is merged into payments
with `INSERT … SELECT … ON CONFLICT DO NOTHING`, so a row whose identity is already stored (by an earlier batch, an
earlier register, or twice in the file) is skipped and the statement's row count is the number imported. Bad rows
travel in the same stream (with their line, reason and raw text) and land in quarantine from the same batch; the
IINs of people not in the registry yet are kept aside for `create_people`. Everything runs in the caller's
transaction.

The merge of a batch runs in the database while Python reads and checks the next one: a helper thread sends the
merge on the same connection and waits for it (the connection is handed over, never shared: the main thread touches
it again only after the merge has finished). Reading and checking is Python work and merging is the database's, so
the two overlap on two cores instead of following each other.
"""

from __future__ import annotations

import re
from concurrent.futures import Future, ThreadPoolExecutor
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
BATCH = 50_000  # rows per merge: big enough that a merge walks the index in order, small enough to overlap
PEOPLE = "payments_staging_people"  # IINs named by the register and not in the registry yet
_CREATE_BATCH = 5000  # new people per bulk insert

_MERGE = (
    "INSERT INTO payments_payment (register_id, received_on, number, knp, sender_id, sender_name, iin, last_name, "
    "first_name, middle_name, amount, period, state) "
    "SELECT %s, received_on, number, knp, sender_id, sender_name, iin, last_name, first_name, middle_name, amount, "
    f"period, state FROM {TABLE} WHERE reason IS NULL ORDER BY iin, period ON CONFLICT DO NOTHING"
)
_QUARANTINE = (
    f"INSERT INTO payments_quarantinedrow (register_id, line, reason, raw) SELECT %s, line, reason, raw FROM {TABLE} "
    "WHERE reason IS NOT NULL"
)
_NEW_PEOPLE = (
    f"INSERT INTO {PEOPLE} (iin, last_name, first_name, middle_name) "
    f"SELECT s.iin, max(s.last_name), max(s.first_name), max(s.middle_name) FROM {TABLE} s "
    "WHERE s.reason IS NULL AND NOT EXISTS (SELECT 1 FROM accounts_person p WHERE p.iin = s.iin) "
    "GROUP BY s.iin ON CONFLICT DO NOTHING"
)


class Staging:
    """Use inside a transaction: `add` every row, then `merge`, `quarantine` and `create_people`; `drop` last."""

    def __init__(self, register_id: int) -> None:
        self.register_id = register_id
        self.rows = 0
        self.bad = 0
        self.imported = 0
        self.quarantined = 0
        self._buffer: list = []
        columns = ", ".join(f"{name} {kind}" for name, kind in zip(COLUMNS, _TYPES, strict=True))
        with connection.cursor() as cursor:
            for table in (TABLE, PEOPLE):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(f"CREATE TEMPORARY TABLE {TABLE} ({columns}) ON COMMIT DROP")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {PEOPLE} (iin varchar(12) PRIMARY KEY, last_name varchar(100), "
                f"first_name varchar(100), middle_name varchar(100)) ON COMMIT DROP"
            )
            cursor.execute("SET LOCAL work_mem = '256MB'")  # room to sort a batch in memory, not on disk
        self._cursor = connection.cursor()
        # The database's side of a batch (merge, quarantine, new people) runs in a helper thread, on a cursor of the
        # same connection (the same transaction).
        self._helper = ThreadPoolExecutor(1, thread_name_prefix="staging-merge")
        self._merge_cursor = connection.connection.cursor()
        self._pending: Future | None = None

    def add(self, row: GoodRow | BadRow) -> None:
        self.rows += 1
        if isinstance(row, BadRow):
            self.bad += 1
            self._buffer.append(f"{_NULL}\t" * 12 + f"{row.line}\t{row.reason}\t{row.raw.translate(_COPY_ESCAPES)}\n")
        else:
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
        if len(self._buffer) >= BATCH:
            self._stage_batch()

    def _stage_batch(self) -> None:
        """Wait for the previous batch's merge, load this batch into the staging table, start its merge."""
        self._wait()
        buffer, self._buffer = self._buffer, []  # taken out first: a failed write is never written again
        if not buffer:
            return
        with self._cursor.cursor.copy(f"COPY {TABLE} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for start in range(0, len(buffer), 5000):
                copy.write("".join(buffer[start : start + 5000]))
        del buffer
        self._pending = self._helper.submit(self._merge_batch)

    def _merge_batch(self) -> None:
        """The database's side of one staged batch, run in the helper thread."""
        cursor = self._merge_cursor
        cursor.execute(_MERGE, [self.register_id])
        self.imported += cursor.rowcount
        cursor.execute(_QUARANTINE, [self.register_id])
        self.quarantined += cursor.rowcount
        cursor.execute(_NEW_PEOPLE)
        cursor.execute(f"TRUNCATE {TABLE}")

    def _wait(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()  # the merge's error, if any, is raised here

    def merge(self) -> int:
        """Stage and merge what is left; returns how many rows were imported (new identities)."""
        self._stage_batch()
        self._wait()
        return self.imported

    def quarantine(self) -> int:
        """How many bad rows were kept, with line number and reason, for staff to see and download (each
        batch's bad rows went to quarantine with its merge)."""
        self.merge()
        return self.quarantined

    def create_people(self) -> int:
        """Add everyone the register names who is not in the person registry yet (birth date from the IIN)."""
        self.merge()
        self._cursor.execute(f"SELECT iin, last_name, first_name, middle_name FROM {PEOPLE} ORDER BY iin")
        created = 0
        while rows := self._cursor.fetchmany(_CREATE_BATCH):
            people = [Person.from_iin(iin, last_name=last, first_name=first, middle_name=middle)
                      for iin, last, first, middle in rows]  # fmt: skip
            created += len(Person.objects.bulk_create(people, ignore_conflicts=True))
        return created

    def drop(self) -> None:
        """Called last, on success or failure: a merge still running is waited for (the connection is needed
        for the rollback), its error dropped; the staging tables go with the transaction."""
        self._buffer = []
        with suppress(Exception):
            self._wait()
        self._helper.shutdown(wait=True)
        with suppress(Exception):
            self._merge_cursor.close()
        self._cursor.close()
