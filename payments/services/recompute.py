"""Recompute stored statuses: read a chunk of people (`recompute_read`), evaluate them (`recompute_evaluate`) and
write what changed (`recompute_write`), each chunk in its own transaction."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Person

from .. import status
from ..selectors import rulebook
from . import recompute_evaluate, recompute_read, recompute_write

CHUNK = 2000  # people per batch: small enough that PostgreSQL reads their payments through the index
RANGE_CHUNK = 10_000  # people per batch of a nightly range: one index walk each, fewer plans to make


@dataclass(frozen=True)
class RecomputeResult:
    people: int
    changed: int


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
    """Recompute one chunk of people (sorted IINs); `contiguous`: the chunk is every person of the registry from
    its first to its last IIN (a nightly range). Returns (people in the registry, statuses written)."""
    where = recompute_read.Where(iins, contiguous)
    with connection.cursor() as cursor:
        people = recompute_read.people(cursor, where, on)
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
        payments = recompute_read.payments(cursor, where, on)
        answers = recompute_evaluate.answers(iins, people, payments, on=on, self_amounts=self_amounts)
        rows = [
            (iin, insured, basis, reasons, lapse_date, covered, now, digest)
            for iin, (insured, basis, reasons, lapse_date, covered, digest) in answers.items()
            if people.stored.get(iin, (None, None, None))[2] != digest
        ]
        written = recompute_write.statuses(cursor, rows)
        changes = []
        for iin, insured, basis, *_ in rows:
            if iin not in written:
                continue  # another run wrote the same answer first
            old = people.stored.get(iin)
            if old is None or (old[0], old[1]) != (insured, basis):
                changes.append((iin, old[0] if old else None, insured, old[1] if old else "", basis, trigger, now))
        recompute_write.changes(cursor, changes)
    return len(people.births), len(written)
