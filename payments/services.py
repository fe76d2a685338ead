"""Writes for payments: status recomputes (and, with the register import, loading payments)."""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Person

from . import importing, status
from .models import CategoryMembership, Payment, PersonStatus, Register, StatusChange
from .selectors import rulebook
from .staging import Staging

log = logging.getLogger(__name__)

CHUNK = 2000  # people per batch: a few thousand rows of payments in memory at a time


@dataclass(frozen=True)
class RecomputeResult:
    people: int
    changed: int


def reasons_as_json(reasons: Iterable[status.Reason]) -> list[dict]:
    out = []
    for reason in reasons:
        item = {"code": reason.code, "months": reason.months, "amounts": [f"{a:.2f}" for a in reason.amounts]}
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
    self_amounts = rulebook().self_payer_amounts()
    people = changed = 0
    for chunk in _chunks(sorted(set(iins)), CHUNK):
        n_people, n_changed = _recompute_chunk(chunk, on=on, trigger=trigger, self_amounts=self_amounts)
        people += n_people
        changed += n_changed
    return RecomputeResult(people, changed)


def status_recompute_range(*, first: str, last: str | None, trigger: str, on: date | None = None) -> RecomputeResult:
    """Recompute everyone whose IIN is in [first, last) (last None: to the end); one nightly chunk."""
    rows = Person.objects.filter(iin__gte=first)
    if last is not None:
        rows = rows.filter(iin__lt=last)
    return status_recompute(iins=list(rows.values_list("iin", flat=True)), trigger=trigger, on=on)


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


def _recompute_chunk(iins: Sequence[str], *, on: date, trigger: str, self_amounts) -> tuple[int, int]:
    facts: dict[str, list[status.PaymentFact]] = defaultdict(list)
    for iin, period, knp, amount, received_on, sender_id, state in (
        Payment.objects.filter(iin__in=iins, received_on__lte=on)
        .values_list("iin", "period", "knp", "amount", "received_on", "sender_id", "state")
        .iterator(chunk_size=10_000)
    ):
        facts[iin].append(status.PaymentFact(period, knp, amount, received_on, sender_id == iin, state == "accepted"))
    spans: dict[str, list[status.CategorySpan]] = defaultdict(list)
    for iin, code, start, end in CategoryMembership.objects.filter(person_id__in=iins, start__lte=on).values_list(
        "person_id", "category_id", "start", "end"
    ):
        spans[iin].append(status.CategorySpan(code, start, end))
    births = dict(Person.objects.filter(iin__in=iins).values_list("iin", "birth_date"))

    now = timezone.now()
    with transaction.atomic():
        stored = {row.person_id: row for row in PersonStatus.objects.select_for_update().filter(person_id__in=iins)}
        writes, changes = [], []
        for iin in iins:
            if iin not in births:
                continue  # not in the registry (yet): nothing to store
            result = status.evaluate(
                on=on, payments=facts.get(iin, ()), categories=spans.get(iin, ()), birth_date=births[iin],
                iin=iin, self_amounts=self_amounts,
            )  # fmt: skip
            new = PersonStatus(
                person_id=iin,
                insured=result.insured,
                basis=result.basis or "",
                reasons=reasons_as_json(result.reasons),
                lapse_date=result.lapse_date,
                covered_through=result.covered_through or "",
                computed_at=now,
            )
            old = stored.get(iin)
            if old is not None and _same(old, new):
                continue
            writes.append(new)
            if old is None or (old.insured, old.basis) != (new.insured, new.basis):
                changes.append(
                    StatusChange(
                        person_id=iin,
                        old_insured=old.insured if old else None,
                        new_insured=new.insured,
                        old_basis=old.basis if old else "",
                        new_basis=new.basis,
                        trigger=trigger,
                        changed_at=now,
                    )  # fmt: skip
                )
        PersonStatus.objects.bulk_create(
            writes,
            update_conflicts=True,
            unique_fields=["person"],
            update_fields=[
                "insured", "basis", "reasons", "lapse_date", "covered_through", "computed_at",
            ],
        )  # fmt: skip
        StatusChange.objects.bulk_create(changes)
    return len(births), len(writes)


def _same(old: PersonStatus, new: PersonStatus) -> bool:
    return (old.insured, old.basis, old.reasons, old.lapse_date, old.covered_through) == (
        new.insured, new.basis, new.reasons, new.lapse_date, new.covered_through,
    )  # fmt: skip


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
    """Import a register file: every good row lands, every bad row goes to quarantine, in one transaction.

    A refused file (wrong header, not UTF-8, empty) stores nothing and marks the register refused. The
    same file imported again changes nothing. People the register names who are not in the registry
    yet are created. After the commit, the people it touched are recomputed by Celery.
    """
    path = Path(path or register.file.path)
    try:
        importing.sniff(path)
    except importing.FileRefused as refusal:
        _finish(register, Register.State.REFUSED, refusal.code)
        raise
    sha = file_sha256(path)
    earlier = Register.objects.filter(sha256=sha, state=Register.State.DONE).exclude(pk=register.pk).first()
    if earlier is not None:
        register.sha256, register.state, register.finished_at = sha, Register.State.DONE, timezone.now()
        register.rows, register.imported, register.quarantined = earlier.rows, 0, earlier.quarantined
        register.duplicates = earlier.imported + earlier.duplicates
        register.message = f"same file as register #{earlier.pk}: nothing changed"
        register.save()
        return register

    Register.objects.filter(pk=register.pk).update(state=Register.State.RUNNING, sha256=sha, message="")
    total = importing.count_lines(path) if importing.sniff(path) == "csv" else None
    _report_progress(register.pk, 0, total)
    staging = None
    try:
        with transaction.atomic():
            Register.objects.select_for_update().filter(pk=register.pk).first()  # one run of a register at a time
            staging = Staging()
            try:
                for row in importing.read(path):
                    staging.add(row)
                    if staging.rows % PROGRESS_EVERY == 0:
                        _report_progress(register.pk, staging.rows, total)
                imported = staging.merge(register.pk)
                quarantined = staging.quarantine(register.pk)
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
            transaction.on_commit(lambda: _after_import(register.pk))
    except importing.FileRefused as refusal:
        _finish(register, Register.State.REFUSED, refusal.code)
        raise
    except Exception:
        _finish(register, Register.State.FAILED, "error")
        raise
    finally:
        _report_progress(register.pk, staging.rows if staging is not None else 0, total)
    return register


def _finish(register: Register, state: str, message: str) -> None:
    Register.objects.filter(pk=register.pk).update(state=state, message=message, finished_at=timezone.now())
    register.refresh_from_db()


def _after_import(register_id: int) -> None:
    from .tasks import recompute_register

    recompute_register.delay(register_id)


def register_iins(register_id: int) -> list[str]:
    return list(Payment.objects.filter(register_id=register_id).values_list("iin", flat=True).distinct())
