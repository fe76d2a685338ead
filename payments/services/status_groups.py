"""How many people were insured on a past day, by region and group, as the rules answer it from the payments
received by then: the recompute's own read and evaluation (`recompute_read`, `recompute_evaluate`), with nothing
written. The published monthly figures of months before the portal kept them come from here (decision 0022)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np
from django.db import connection, transaction
from django.db.models import Q

from accounts.models import Person

from .. import status
from ..models import group_of
from ..selectors import rulebook
from . import recompute_evaluate, recompute_read

CHUNK = 10_000  # people per read: as the nightly ranges read them


def groups_on(on: date) -> Counter[tuple[str, str]]:
    """Everyone registered and born by `on`, counted by (region, group) as their status was on `on`."""
    self_amounts = status.SelfAmounts(rulebook().self_payer_amounts())
    people = Person.objects.filter(Q(birth_date__lte=on) | Q(birth_date=None))
    rows = list(people.order_by("iin").values_list("iin", "region"))
    counts: Counter[tuple[str, str]] = Counter()
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        iins = [iin for iin, _ in chunk]
        regions = dict(chunk)
        for iin, group in _chunk_groups(iins, on, self_amounts).items():
            counts[regions[iin], group] += 1
    return counts


def _chunk_groups(iins: list[str], on: date, self_amounts) -> dict[str, str]:
    where = recompute_read.Where(iins, contiguous=False)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")  # as the recompute: a plan over every partition is cheap to run
        people = recompute_read.people(cursor, where, on)
        payments = recompute_read.payments(cursor, where, on)
    answers = recompute_evaluate.answers(iins, people, payments, on=on, self_amounts=self_amounts)
    # Whose last covered month holds a 122 from someone else (an employer): the positions in the chunk.
    through = np.full(len(iins), -1, np.int64)
    for n, iin in enumerate(iins):
        answer = answers.get(iin)
        if answer is not None and answer[4]:
            through[n] = status.month_index(status.month_from_label(answer[4]))
    other = (payments.kinds == status.OTHER_122) & (payments.months == through[payments.person])
    paid_by_other = set(np.unique(payments.person[other]).tolist())
    return {
        iin: group_of(answer[0], answer[1], n in paid_by_other).value
        for n, iin in enumerate(iins)
        if (answer := answers.get(iin)) is not None
    }
