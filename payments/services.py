"""Writes for payments: status recomputes (and, with the register import, loading payments)."""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import psycopg
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.mail import send_to_user
from accounts.models import Person

from . import importing, partitions, status, status_batch
from .models import (
    CategoryDocument,
    CategoryMembership,
    CategoryRequest,
    Payment,
    PersonStatus,
    PreferentialCategory,
    QuarantinedRow,
    Register,
    StatusChange,
)
from .rules import add_months
from .selectors import rulebook
from .staging import Staging

log = logging.getLogger(__name__)

CHUNK = 2000  # people per batch: small enough that PostgreSQL reads their payments through the index
RANGE_CHUNK = 10_000  # people per batch of a nightly range: one index walk each, fewer plans to make


@dataclass(frozen=True)
class RecomputeResult:
    people: int
    changed: int


_AMOUNT_TEXT: dict[Decimal, str] = {}


def _amount_text(amount: Decimal) -> str:
    """ "4250.00": the same few amounts (a year's self-payer due) recur for every person, so cached."""
    text = _AMOUNT_TEXT.get(amount)
    if text is None:
        text = f"{amount:.2f}"
        if len(_AMOUNT_TEXT) < 10_000:
            _AMOUNT_TEXT[amount] = text
    return text


def reasons_as_json(reasons: Iterable[status.Reason]) -> list[dict]:
    out = []
    for reason in reasons:
        item = {"code": reason.code, "months": reason.months, "amounts": [_amount_text(a) for a in reason.amounts]}
        if reason.category:
            item["category"] = reason.category
        out.append(item)
    return out


def _chunks(iins: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(iins), size):
        yield iins[start : start + size]


def status_recompute(*, iins: Iterable[str], trigger: str, on: date | None = None) -> RecomputeResult:
    """Recompute the stored status of these people for `on` (today), writing only what changed.

    Idempotent: a second run with the same data writes nothing. People are handled in chunks, each in
    its own transaction, with their status rows locked so that two runs never interleave their writes.
    """
    on = on or timezone.localdate()
    self_amounts = status.SelfAmounts(rulebook().self_payer_amounts())
    people = changed = 0
    for chunk in _chunks(sorted(set(iins)), CHUNK):
        n_people, n_changed = _recompute_chunk(chunk, on=on, trigger=trigger, self_amounts=self_amounts)
        people += n_people
        changed += n_changed
    return RecomputeResult(people, changed)


def status_recompute_range(*, first: str, last: str | None, trigger: str, on: date | None = None) -> RecomputeResult:
    """Recompute everyone whose IIN is in [first, last) (last None: to the end); one nightly chunk.

    Each batch is every registered person between two IINs, so its payments are read by IIN range.
    """
    on = on or timezone.localdate()
    self_amounts = status.SelfAmounts(rulebook().self_payer_amounts())
    rows = Person.objects.filter(iin__gte=first)
    if last is not None:
        rows = rows.filter(iin__lt=last)
    people = changed = 0
    for chunk in _chunks(list(rows.order_by("iin").values_list("iin", flat=True)), RANGE_CHUNK):
        n_people, n_changed = _recompute_chunk(
            chunk, on=on, trigger=trigger, self_amounts=self_amounts, contiguous=True
        )
        people += n_people
        changed += n_changed
    return RecomputeResult(people, changed)


def iin_ranges(size: int) -> list[tuple[str, str | None]]:
    """Split the person registry into IIN ranges of about `size` people each, in one index scan."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT iin FROM (SELECT iin, row_number() OVER (ORDER BY iin) AS n FROM accounts_person) numbered "
            "WHERE (n - 1) %% %s = 0 ORDER BY iin",
            [size],
        )
        starts = [row[0] for row in cursor.fetchall()]
    return [(start, starts[i + 1] if i + 1 < len(starts) else None) for i, start in enumerate(starts)]


def status_digest(insured: bool, basis: str, reasons: list, lapse_date: date | None, covered_through: str) -> str:
    """A short fingerprint of a status, so that a recompute compares without reading the stored reasons."""
    return _digest(insured, basis, json.dumps(reasons), lapse_date, covered_through)


def _digest(insured: bool, basis: str, reasons_json: str, lapse_date: date | None, covered_through: str) -> str:
    """`status_digest` from reasons already serialised: the same bytes as json.dumps of the whole list (a basis
    and a "YYYY-MM" need no JSON escaping, so they are quoted directly)."""
    lapse = f'"{lapse_date.isoformat()}"' if lapse_date else "null"
    flag = "true" if insured else "false"
    text = f'[{flag}, "{basis}", {reasons_json}, {lapse}, "{covered_through}"]'
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


# Each person's accepted OSMS payments received by a date, as the status engines take them: the IIN, the
# period as days since 2000-01-01 (turned into month indexes by numpy, cheaper than date arithmetic on every
# row in SQL), the kind (0: 122 from others, 1: own 122, 2: 121) and the amount in tiyn. The
# chunk's rows come packed into one bytea of fixed-width big-endian records that numpy reads in place: no
# value is decoded in Python and no message is handled per row (a binary COPY sends one per row).
_KIND = (
    f"CASE WHEN knp = 121 THEN {status.TRANSFERS_121} WHEN sender_id = iin THEN {status.OWN_122} "
    f"ELSE {status.OTHER_122} END"
)
_PAYMENTS = (
    "SELECT string_agg(int8send(CAST(iin AS BIGINT)) || int4send(period - DATE '2000-01-01') || "
    "int2send(CAST(" + _KIND + " AS SMALLINT)) || int8send(CAST(amount * 100 AS BIGINT)), ''::bytea) "
    "FROM payments_payment WHERE {where} AND received_on <= %s AND state = 'accepted' AND knp IN (121, 122)"
)
_PAYMENT_RECORD = np.dtype([("iin", ">i8"), ("day", ">i4"), ("kind", ">i2"), ("tiyn", ">i8")])  # packed: 22 bytes
_DAY_ZERO = np.datetime64("2000-01-01", "D")


@dataclass(frozen=True)
class _Payments:
    """A chunk's payments as parallel arrays: the person's position in the chunk, month index, kind, tiyn."""

    person: np.ndarray
    months: np.ndarray
    kinds: np.ndarray
    amounts: np.ndarray

    def by_person(self, people: int):
        """f(n) -> (months, kinds, amounts) of the chunk's n-th person, as lists (for `status`)."""
        order = np.argsort(self.person, kind="stable")
        bounds = np.searchsorted(self.person[order], np.arange(people + 1)).tolist()
        months, kinds, amounts = (self.months[order].tolist(), self.kinds[order].tolist(),
                                  self.amounts[order].tolist())  # fmt: skip
        return lambda n: (months[bounds[n] : bounds[n + 1]], kinds[bounds[n] : bounds[n + 1]],
                          amounts[bounds[n] : bounds[n + 1]])  # fmt: skip


def _payments(cursor, where: str, params: list, on: date, iins: Sequence[str]) -> _Payments:
    """The accepted OSMS payments received by `on` of the people `iins` (sorted) that `where` picks."""
    with psycopg.Cursor(cursor.connection) as packed:  # Django's own cursors cannot ask for binary results
        (data,) = packed.execute(_PAYMENTS.format(where=where), [*params, on], binary=True).fetchone()
    records = _records(data or b"")
    numbers = np.fromiter(map(int, iins), np.int64, len(iins))  # 12 digits: ordered as the IIN text is
    person = np.minimum(np.searchsorted(numbers, records["iin"]), len(iins) - 1)
    mine = numbers[person] == records["iin"]  # a range may hold payments of IINs not in the registry
    days = records["day"][mine].astype("timedelta64[D]")
    months = (_DAY_ZERO + days).astype("datetime64[M]").astype(np.int64) + 1970 * 12
    kinds, amounts = records["kind"][mine].astype(np.int64), records["tiyn"][mine].astype(np.int64)
    return _Payments(person[mine], months, kinds, amounts)


def _records(data: bytes) -> np.ndarray:
    """`_PAYMENTS`' packed records as a numpy record array, read in place."""
    if len(data) % _PAYMENT_RECORD.itemsize:
        raise ValueError(f"{len(data)} bytes are not whole payment records of {_PAYMENT_RECORD.itemsize}")
    return np.frombuffer(data, _PAYMENT_RECORD)


def _insured_answer(code: int, lapse: int, through: int) -> tuple:
    """(insured, basis, reasons JSON, lapse date, covered through, digest) of a batch answer."""
    basis, lapse_date = status_batch.BASES[code], status_batch.lapse_date(lapse)
    covered = status.month_label(through) if through != status_batch.NO_MONTH else ""
    return True, basis, "[]", lapse_date, covered, _digest(True, basis, "[]", lapse_date, covered)


def _evaluated(on, months, kinds, amounts, spans, birth_date, self_amounts) -> tuple:
    """The same tuple as `_insured_answer`, from `status` itself (reasons and all)."""
    result = status.evaluate_amounts(
        on=on, months=months, kinds=kinds, amounts=amounts, categories=spans, birth_date=birth_date,
        self_amounts=self_amounts,
    )  # fmt: skip
    reasons = json.dumps(reasons_as_json(result.reasons)) if result.reasons else "[]"
    basis, covered = result.basis or "", result.covered_through or ""
    digest = _digest(result.insured, basis, reasons, result.lapse_date, covered)
    return result.insured, basis, reasons, result.lapse_date, covered, digest


def _in(column: str, values: Sequence[str]) -> tuple[str, list]:
    """`column IN values` as SQL: one array parameter (no giant query text to parse)."""
    return f"{column} = ANY(%s)", [list(values)]


def _between(column: str, first: str, last: str) -> tuple[str, list]:
    """`first <= column <= last` as SQL: one ordered index range rather than a probe per value."""
    return f"{column} >= %s AND {column} <= %s", [first, last]


@contextmanager
def _gc_paused():  # also a decorator
    """Pause the cyclic garbage collector: a chunk makes hundreds of thousands of small lists, dicts and
    tuples, none of them in a cycle, and the collector's passes over them cost a third of the evaluation."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_gc_paused()
def _recompute_chunk(
    iins: Sequence[str], *, on: date, trigger: str, self_amounts, contiguous: bool = False
) -> tuple[int, int]:
    """Recompute one chunk of people (sorted IINs). `contiguous`: the chunk is every person of the registry
    from its first to its last IIN (a nightly range), so payments are read with a range predicate: one
    ordered walk of the (iin, period, …) identity index instead of one descent per person."""

    def where_in(column: str) -> tuple[str, list]:
        return _between(column, iins[0], iins[-1]) if contiguous else _in(column, iins)

    payments_where, payments_params = where_in("iin")
    with connection.cursor() as cursor:
        where, params = where_in("m.person_id")
        cursor.execute(f'SELECT m.person_id, m.category_id, m.start, m."end" FROM payments_categorymembership m '
                       f"WHERE {where} AND m.start <= %s", [*params, on])  # fmt: skip
        spans: dict[str, list[status.CategorySpan]] = defaultdict(list)
        for iin, code, start, end in cursor.fetchall():
            spans[iin].append(status.CategorySpan(code, start, end))
        # The statuses' range is named too: without it the planner hashes the whole status table per chunk.
        where, params = where_in("p.iin")
        status_where, status_params = where_in("s.iin")
        cursor.execute(
            "SELECT p.iin, p.birth_date, s.insured, s.basis, s.digest FROM accounts_person p "
            f"LEFT JOIN payments_personstatus s ON s.iin = p.iin AND {status_where} WHERE {where}",
            [*status_params, *params],
        )
        births, stored = {}, {}
        for iin, birth_date, insured, basis, digest in cursor.fetchall():
            births[iin] = birth_date
            if insured is not None:
                stored[iin] = (bool(insured), basis, digest)
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        if contiguous:
            # Payments are stored month by month, so the planner guesses a range of IINs is scattered over
            # the whole table and picks a parallel scan of all of it. The rows are in memory and the
            # index walk touches a dozen hot pages at a time: tell the planner so, for this transaction.
            cursor.execute("SET LOCAL random_page_cost = 1.1")
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        # A plan over every partition costs enough to trigger JIT compilation, which takes longer (hundreds of
        # milliseconds) than running the whole query.
        cursor.execute("SET LOCAL jit = off")
        payments = _payments(cursor, payments_where, payments_params, on, iins)
        answers = status_batch.evaluate(
            on=on, people=len(iins), person=payments.person, months=payments.months, kinds=payments.kinds,
            amounts=payments.amounts, adult_from=np.array([status_batch.adult_from(births.get(iin)) for iin in iins],
            np.int64), self_amounts=self_amounts,
        )  # fmt: skip
        payments_of = payments.by_person(len(iins))
        insured_answers: dict[tuple[int, int, int], tuple] = {}
        shared_answers: dict[tuple, tuple] = {}
        rows = []
        for n, (iin, code, lapse, through) in enumerate(
            zip(iins, answers.basis.tolist(), answers.lapse.tolist(), answers.through.tolist(), strict=True)
        ):
            if iin not in births:
                continue  # not in the registry (yet): nothing to store
            if iin in spans:  # a preferential category: only `status` knows
                answer = _evaluated(on, *payments_of(n), spans[iin], births[iin], self_amounts)
            elif code != status_batch.UNDECIDED:
                # insured by the batch's answer: a few distinct answers per chunk, each worked out once
                answer = insured_answers.get((code, lapse, through))
                if answer is None:
                    answer = insured_answers[code, lapse, through] = _insured_answer(code, lapse, through)
            else:
                # Not insured, no category: the answer is a function of the payments alone (of the birth date
                # too in the year after the 18th birthday, when the childhood that ended is named), so people
                # with the same payments (nothing, or a self-payer's same months) share one evaluation.
                months, kinds, amounts = payments_of(n)
                birth = births[iin]
                if birth is not None and on >= status.adulthood(birth) + status.CHILDHOOD_NAMED:
                    birth = None
                key = (tuple(months), tuple(kinds), tuple(amounts), birth)
                answer = shared_answers.get(key)
                if answer is None:
                    answer = shared_answers[key] = _evaluated(on, months, kinds, amounts, (), birth, self_amounts)
            insured, basis, reasons, lapse_date, covered, digest = answer
            old = stored.get(iin)
            if old is not None and old[2] == digest:
                continue
            rows.append((iin, insured, basis, reasons, lapse_date, covered, now, digest))
        written = _upsert_statuses(cursor, rows)
        changes = []
        for iin, insured, basis, *_ in rows:
            if iin not in written:
                continue  # another run wrote the same answer first
            old = stored.get(iin)
            if old is None or (old[0], old[1]) != (insured, basis):
                changes.append((iin, old[0] if old else None, insured, old[1] if old else "", basis, trigger, now))
        _record_changes(cursor, changes)
    return len(births), len(written)


_CHANGE_COLUMNS = "iin, old_insured, new_insured, old_basis, new_basis, trigger, changed_at"


def _record_changes(cursor, changes: list[tuple]) -> None:
    """Append StatusChange rows given as tuples in `_CHANGE_COLUMNS` order, with COPY (the ORM's bulk insert built
    a model instance and bound seven parameters a row)."""
    if not changes:
        return
    with cursor.cursor.copy(f"COPY {StatusChange._meta.db_table} ({_CHANGE_COLUMNS}) FROM STDIN") as copy:
        for change in changes:
            copy.write_row(change)


_STATUS_COLUMNS = "iin, insured, basis, reasons, lapse_date, covered_through, computed_at, digest"
_UPSERT_TAIL = (
    "ON CONFLICT (iin) DO UPDATE SET insured = EXCLUDED.insured, basis = EXCLUDED.basis, "
    "reasons = EXCLUDED.reasons, lapse_date = EXCLUDED.lapse_date, "
    "covered_through = EXCLUDED.covered_through, computed_at = EXCLUDED.computed_at, "
    "digest = EXCLUDED.digest WHERE payments_personstatus.digest <> EXCLUDED.digest RETURNING iin"
)


def _upsert_statuses(cursor, rows: list[tuple]) -> set[str]:
    """Write statuses whose fingerprint changed; returns the IINs written.

    `WHERE digest <> EXCLUDED.digest` makes a second, concurrent run with the same answer write nothing. The rows go
    in with COPY into a temporary table and one upsert from it: binding eight parameters a row in Python cost more
    than computing the status.
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
    cursor.execute(
        f"INSERT INTO payments_personstatus ({_STATUS_COLUMNS}) SELECT {_STATUS_COLUMNS} "
        f"FROM payments_status_batch {_UPSERT_TAIL}"
    )
    written = {iin for (iin,) in cursor.fetchall()}
    cursor.execute("DELETE FROM payments_status_batch")  # the chunk's transaction may go on
    return written


# --- registers ------------------------------------------------------------------------------------------

PROGRESS_EVERY = 20_000


def progress_key(register_id: int) -> str:
    return f"register-progress:{register_id}"


def _report_progress(register_id: int, done: int, total: int | None) -> None:
    try:
        cache.set(progress_key(register_id), {"done": done, "total": total}, timeout=3600)
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
    yet are created. After the commit, the people it touched are recomputed by Celery.
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
            # robust: with the broker down the payments are still in; the nightly sweep recomputes everyone.
            transaction.on_commit(lambda: _after_import(register.pk), robust=True)
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
    quarantine. After the commit, the people it touched are recomputed.
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
        transaction.on_commit(lambda: _after_category_import(register.pk), robust=True)
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


def _after_category_import(register_id: int) -> None:
    from .tasks import recompute_people

    iins = list(CategoryMembership.objects.filter(source=f"register:{register_id}").values_list("person_id", flat=True))
    for start in range(0, len(iins), CHUNK * 10):
        recompute_people.delay(iins[start : start + CHUNK * 10], f"register:{register_id}")


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


def _after_import(register_id: int) -> None:
    from .tasks import recompute_register

    recompute_register.delay(register_id)


def register_iins(register_id: int) -> list[str]:
    return list(Payment.objects.filter(register_id=register_id).values_list("iin", flat=True).distinct())


# --- citizens' category requests --------------------------------------------------------------------------


class DecisionRefused(Exception):
    """A decision that cannot be made (already decided, or a refusal without a reason)."""


@transaction.atomic
def category_request_submit(*, person: Person, category: str, start: date, note: str = "", documents=()):
    """File a citizen's request for a preferential category, with its checked documents."""
    request = CategoryRequest.objects.create(person=person, category_id=category, start=start, note=note)
    for upload, (content_type, extension) in documents:
        original = upload.name[:255]
        upload.name = f"{uuid.uuid4().hex}.{extension}"  # stored under a random name with the checked type
        CategoryDocument.objects.create(
            request=request, file=upload, name=original, content_type=content_type, size=upload.size
        )
    return request


def category_request_decide(*, request_id: int, approve: bool, by, reason: str = ""):
    """Approve (the category is recorded and the status recomputed) or refuse with a reason; the citizen is told."""
    with transaction.atomic():
        request = CategoryRequest.objects.select_for_update().select_related("person").get(pk=request_id)
        if request.state != CategoryRequest.State.SUBMITTED:
            raise DecisionRefused("already decided")
        if not approve and not reason.strip():
            raise DecisionRefused("a refusal needs a reason")
        request.state = CategoryRequest.State.APPROVED if approve else CategoryRequest.State.REFUSED
        request.refusal_reason = "" if approve else reason.strip()
        request.decided_by, request.decided_at = by, timezone.now()
        request.save()
        if approve:
            CategoryMembership.objects.update_or_create(
                person=request.person, category_id=request.category_id, start=request.start,
                defaults={"end": None, "source": f"request:{request.pk}"},
            )  # fmt: skip
            transaction.on_commit(lambda: status_recompute(iins=[request.person_id], trigger=f"request:{request.pk}"))
        transaction.on_commit(lambda: _tell_citizen(request))
    return request


def _tell_citizen(request) -> None:
    account = getattr(request.person, "account", None)
    send_to_user(account, "payments/email/category_decision", {"request": request, "user": account})


# --- lapse warnings -------------------------------------------------------------------------------------

WARN_DAYS_AHEAD = 7


def lapse_warnings_send(*, today: date | None = None) -> int:
    """E-mail insured citizens whose status lapses within a week: once per lapse date. Returns how many."""
    today = today or timezone.localdate()
    due = (
        PersonStatus.objects.filter(
            insured=True, lapse_date__gte=today, lapse_date__lte=today + timedelta(days=WARN_DAYS_AHEAD)
        )
        .filter(Q(lapse_warned_for__isnull=True) | ~Q(lapse_warned_for=F("lapse_date")))
        .exclude(basis="exempt")
        .select_related("person__account")
    )
    sent = 0
    for item in due.iterator(chunk_size=500):
        account = getattr(item.person, "account", None)
        month = add_months(status.month_from_label(item.covered_through), 1) if item.covered_through else None
        with transaction.atomic():
            # Claim the warning with one conditional UPDATE: a concurrent run finds nothing left to claim.
            claimed = (
                PersonStatus.objects.filter(pk=item.pk, lapse_date=item.lapse_date)
                .exclude(lapse_warned_for=F("lapse_date"))
                .update(lapse_warned_for=F("lapse_date"))
            )
            context = {"user": account, "status": item, "month": month}
            if claimed and send_to_user(account, "payments/email/lapse_warning", context):
                sent += 1
    return sent
