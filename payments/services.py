"""Writes for payments: status recomputes (and, with the register import, loading payments)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Person

from . import status
from .models import CategoryMembership, Payment, PersonStatus, StatusChange
from .selectors import rulebook

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
