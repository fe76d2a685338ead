"""Writes for registers: a payment register or a preferential-category registry imported all or nothing.

Who the import touched is `selectors.register_iins`; recomputing them is the caller's next step (the tasks).
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import contextmanager
from pathlib import Path

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Person

from .. import importing, partitions
from ..models import CategoryMembership, PreferentialCategory, QuarantinedRow, Register
from ..selectors import register_progress_key
from ..staging import Staging

log = logging.getLogger(__name__)

PROGRESS_EVERY = 20_000


def _report_progress(register_id: int, done: int, total: int | None) -> None:
    try:
        cache.set(register_progress_key(register_id), {"done": done, "total": total}, timeout=3600)
    except Exception:  # progress is a courtesy; an unavailable cache must not stop an import
        log.warning("could not report progress of register %s", register_id)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def register_import(register: Register, *, path: Path | None = None) -> Register:
    """Import a payment register or a preferential-category registry, by the register's kind."""
    if register.kind == Register.Kind.CATEGORIES:
        return category_import(register, path=path)
    return payment_import(register, path=path)


def payment_import(register: Register, *, path: Path | None = None) -> Register:
    """Import a register file: every good row lands, every bad row goes to quarantine, in one transaction.

    A refused file (wrong header, not UTF-8, empty) stores nothing and marks the register refused. The
    same file imported again changes nothing. People the register names who are not in the registry
    yet are created. The caller has the people it touched recomputed after the commit (`tasks.import_and_recompute`).
    """
    path = Path(path or register.file.path)
    with _outcome_recorded(register):
        importing.sniff(path)
    sha = file_sha256(path)
    if _same_file_done(register, sha):
        return register

    Register.objects.filter(pk=register.pk).update(state=Register.State.RUNNING, sha256=sha, message="")
    partitions.ensure(today=timezone.localdate())  # before the import's transaction: it locks the table briefly
    total = importing.count_lines(path) if importing.sniff(path) == "csv" else None
    _report_progress(register.pk, 0, total)
    staging = None
    try:
        with _outcome_recorded(register), transaction.atomic():
            Register.objects.select_for_update().filter(pk=register.pk).first()  # one run of a register at a time
            # One run of a file at a time, whatever its register: a second run waits here, then finds the first
            # one done and changes nothing (its bad rows are not quarantined twice).
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [sha])
            if _same_file_done(register, sha):
                return register
            staging = Staging(register.pk)
            try:
                for row in importing.read(path):
                    staging.add(row)
                    if staging.rows % PROGRESS_EVERY == 0:
                        _report_progress(register.pk, staging.rows, total)
                imported = staging.merge()
                quarantined = staging.quarantine()
                staging.create_people()
            finally:
                staging.drop()
            register.refresh_from_db()
            register.rows = staging.rows
            register.imported = imported
            register.quarantined = quarantined
            register.duplicates = staging.rows - staging.bad - imported
            register.state, register.finished_at = Register.State.DONE, timezone.now()
            register.save()
    finally:
        _report_progress(register.pk, staging.rows if staging is not None else 0, total)
    return register


def _same_file_done(register: Register, sha: str) -> bool:
    """When a register with the same bytes is already imported, record this one as changing nothing."""
    earlier = Register.objects.filter(sha256=sha, state=Register.State.DONE).exclude(pk=register.pk).first()
    if earlier is None:
        return False
    register.sha256, register.state, register.finished_at = sha, Register.State.DONE, timezone.now()
    register.rows, register.imported, register.quarantined = earlier.rows, 0, earlier.quarantined
    register.duplicates = earlier.imported + earlier.duplicates
    register.message = f"same file as register #{earlier.pk}: nothing changed"
    register.save()
    return True


CATEGORY_BATCH = 5000


def category_import(register: Register, *, path: Path | None = None) -> Register:
    """Import a preferential-category registry (`iin;category;start;end`), all or nothing, like payments.

    A membership is identified by (person, category, start); a row that brings a new end date for a
    known membership updates it (a category that ended). Unknown people are created; bad rows go to
    quarantine. The caller has the people it touched recomputed after the commit.
    """
    path = Path(path or register.file.path)
    codes = frozenset(PreferentialCategory.objects.values_list("code", flat=True))
    Register.objects.filter(pk=register.pk).update(state=Register.State.RUNNING, sha256=file_sha256(path))
    counts = {"rows": 0, "imported": 0, "duplicates": 0, "quarantined": 0}
    with _outcome_recorded(register), transaction.atomic():
        good, bad = [], []
        for row in importing.read(
            path,
            header=importing.CATEGORY_HEADER,
            check=lambda fields, line: importing.check_category_row(fields, line, codes),
        ):
            counts["rows"] += 1
            (bad if isinstance(row, importing.BadRow) else good).append(row)
            if len(good) >= CATEGORY_BATCH:
                _store_categories(register, good, counts)
                good = []
            if len(bad) >= CATEGORY_BATCH:
                _quarantine(register, bad, counts)
                bad = []
        _store_categories(register, good, counts)
        _quarantine(register, bad, counts)
        Register.objects.filter(pk=register.pk).update(state=Register.State.DONE, finished_at=timezone.now(), **counts)
    register.refresh_from_db()
    return register


def _store_categories(register: Register, rows: list, counts: dict) -> None:
    if not rows:
        return
    iins = {row.iin for row in rows}
    Person.objects.bulk_create([Person.from_iin(iin) for iin in iins], ignore_conflicts=True)
    existing = {
        (m.person_id, m.category_id, m.start): m.end
        for m in CategoryMembership.objects.filter(person_id__in=iins).only("person_id", "category_id", "start", "end")
    }
    latest = {(row.iin, row.category, row.start): row.end for row in rows}  # the last row for an identity wins
    changed = [
        CategoryMembership(person_id=iin, category_id=code, start=start, end=end, source=f"register:{register.pk}")
        for (iin, code, start), end in latest.items()
        if (iin, code, start) not in existing or existing[(iin, code, start)] != end
    ]
    CategoryMembership.objects.bulk_create(
        changed, update_conflicts=True, unique_fields=["person", "category", "start"], update_fields=["end", "source"]
    )
    counts["imported"] += len(changed)
    counts["duplicates"] += len(rows) - len(changed)


def _quarantine(register: Register, rows: list, counts: dict) -> None:
    QuarantinedRow.objects.bulk_create(
        [QuarantinedRow(register=register, line=row.line, reason=row.reason, raw=row.raw) for row in rows]
    )
    counts["quarantined"] += len(rows)


@contextmanager
def _outcome_recorded(register: Register):
    """A refused file or an error marks the register (outside the rolled-back transaction) and goes on up."""
    try:
        yield
    except importing.FileRefused as refusal:
        _finish(register, Register.State.REFUSED, refusal.code)
        raise
    except Exception:
        _finish(register, Register.State.FAILED, "error")
        raise


def _finish(register: Register, state: str, message: str) -> None:
    Register.objects.filter(pk=register.pk).update(state=state, message=message, finished_at=timezone.now())
    register.refresh_from_db()
