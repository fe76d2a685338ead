"""The recompute's writes: statuses whose fingerprint changed, and the log of changes, both with COPY.

Binding eight parameters a row in Python cost more than computing the status, and the ORM's bulk insert built a
model instance a row: the rows go in with COPY instead.
"""

from __future__ import annotations

from ..models import StatusChange

_STATUS_COLUMNS = "iin, insured, basis, reasons, lapse_date, covered_through, computed_at, digest"
_UPSERT = (
    f"INSERT INTO payments_personstatus ({_STATUS_COLUMNS}) SELECT {_STATUS_COLUMNS} FROM payments_status_batch "
    "ON CONFLICT (iin) DO UPDATE SET insured = EXCLUDED.insured, basis = EXCLUDED.basis, "
    "reasons = EXCLUDED.reasons, lapse_date = EXCLUDED.lapse_date, "
    "covered_through = EXCLUDED.covered_through, computed_at = EXCLUDED.computed_at, "
    "digest = EXCLUDED.digest WHERE payments_personstatus.digest <> EXCLUDED.digest RETURNING iin"
)
CHANGE_COLUMNS = "iin, old_insured, new_insured, old_basis, new_basis, trigger, changed_at"


def statuses(cursor, rows: list[tuple]) -> set[str]:
    """Write statuses given as tuples in `_STATUS_COLUMNS` order; returns the IINs written.

    COPY into a temporary table, then one upsert from it. `WHERE digest <> EXCLUDED.digest` makes a second,
    concurrent run with the same answer write nothing.
    """
    if not rows:
        return set()
    cursor.execute(
        "CREATE TEMPORARY TABLE IF NOT EXISTS payments_status_batch "
        "(LIKE payments_personstatus INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
    )
    with cursor.cursor.copy(f"COPY payments_status_batch ({_STATUS_COLUMNS}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute(_UPSERT)
    written = {iin for (iin,) in cursor.fetchall()}
    cursor.execute("DELETE FROM payments_status_batch")  # the chunk's transaction may go on
    return written


def changes(cursor, rows: list[tuple]) -> None:
    """Append StatusChange rows given as tuples in `CHANGE_COLUMNS` order."""
    if not rows:
        return
    with cursor.cursor.copy(f"COPY {StatusChange._meta.db_table} ({CHANGE_COLUMNS}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
