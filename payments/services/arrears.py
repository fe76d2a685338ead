"""Rebuild the employer-arrears table (decision 0021) from payments, with the pure rule of `payments.arrears`.

`employer_arrears_rebuild(register_id=...)`: the employers whose payments a register brought, for the months that
register's payments are for and those a verdict there may depend on. `employer_arrears_rebuild()`: everyone
(nightly). Payments are read set-based: one grouped query (sum by sender, person, month and KNP), streamed in
sender order; each batch of employers is written in one transaction (its old rows deleted, its new rows inserted),
so the report never shows an employer half-written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby

from django.db import connection, transaction
from django.utils import timezone

from .. import arrears as rule
from ..models import EmployerArrear
from ..rules import add_months
from ..selectors import rulebook

BATCH = 500  # employers per transaction

SUMS = """
    SELECT sender_id, iin, period, knp, SUM(amount), MAX(sender_name)
      FROM payments_payment
     WHERE state = 'accepted' AND knp IN (121, 122) AND sender_id <> iin {where}
     GROUP BY sender_id, iin, period, knp
     ORDER BY sender_id
"""


@dataclass
class Rebuilt:
    employers: int = 0
    rows: int = 0


def _touched(register_id: int) -> tuple[list[str], date, date] | None:
    """The senders a register brought payments from (not people paying for themselves), and its months."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(DISTINCT sender_id) FILTER (WHERE sender_id <> iin), MIN(period),"
            " MAX(period) FROM payments_payment WHERE register_id = %s",
            [register_id],
        )
        senders, first, last = cursor.fetchone()
    if not senders:
        return None
    return sorted(senders), first, last


def employer_arrears_rebuild(*, register_id: int | None = None, senders: list[str] | None = None) -> Rebuilt:
    """Rebuild the arrears of the employers a register touched (or `senders`, or everyone when neither is given)."""
    window = None
    if register_id is not None:
        touched = _touched(register_id)
        if touched is None:
            return Rebuilt()
        senders, first, last = touched
        window = (add_months(first, -rule.HOLE_MONTHS - 1), add_months(last, rule.HOLE_MONTHS + 1))
    where, params = "", []
    if senders is not None:
        where += " AND sender_id = ANY(%s)"
        params.append(list(senders))
    if window is not None:  # read a margin either side: a verdict near the window's edge looks at its neighbours
        where += " AND period BETWEEN %s AND %s"
        params += [add_months(window[0], -rule.READ_MARGIN), add_months(window[1], rule.READ_MARGIN)]
    book = rulebook()
    started = timezone.now()
    done = Rebuilt()
    batch: list[tuple[str, str, list]] = []
    with connection.chunked_cursor() as cursor:
        cursor.execute(SUMS.format(where=where), params)
        for sender, rows in groupby(_rows(cursor), key=lambda r: r[0]):
            rows = list(rows)
            name = max((r[5] or "" for r in rows), key=len)
            lines = [rule.Line(iin, period, knp, amount) for _s, iin, period, knp, amount, _n in rows]
            batch.append((sender, name, rule.find_arrears(sender, lines, rules=book)))
            if len(batch) >= BATCH:
                _write(_shared_caps(batch, book), window, started, done)
                batch = []
    _write(_shared_caps(batch, book), window, started, done)
    if senders is None and window is None:  # everyone: employers without payments any more lose their rows
        EmployerArrear.objects.filter(computed_at__lt=started).delete()
    elif senders is not None:  # a touched employer that is no employer now (no 121 left in the window)
        seen_stale = EmployerArrear.objects.filter(bin__in=senders, computed_at__lt=started)
        if window is not None:
            seen_stale = seen_stale.filter(period__range=window)
        seen_stale.delete()
    return done


# Everything employers paid as 122 for some people in some months, over all their jobs: one query per batch, for
# the short 122s only (a person with two jobs shares one 122 cap: rules section 2, seed 002).
ALL_JOBS_122 = """
    SELECT iin, period, SUM(amount) FROM payments_payment
     WHERE state = 'accepted' AND knp = 122 AND sender_id <> iin
       AND (iin, period) IN (SELECT * FROM unnest(%s::text[], %s::date[]))
     GROUP BY iin, period
"""


def _shared_caps(batch, book):
    """The batch with each short 122 judged against all the person's jobs that month (`rule.within_shared_cap`)."""
    short = sorted({(a.iin, a.period) for _s, _n, found in batch for a in found if a.kind == rule.SHORT_122})
    if not short:
        return batch
    with connection.cursor() as cursor:
        cursor.execute(ALL_JOBS_122, [[iin for iin, _p in short], [period for _i, period in short]])
        totals = {(iin, period): total for iin, period, total in cursor.fetchall()}
    return [
        (
            sender,
            name,
            [
                kept
                for a in found
                if (kept := rule.within_shared_cap(a, totals.get((a.iin, a.period), a.paid_122), rules=book))
            ],
        )
        for sender, name, found in batch
    ]


def _rows(cursor, size: int = 5000):
    while chunk := cursor.fetchmany(size):
        yield from chunk


def _write(batch, window, started, done: Rebuilt) -> None:
    if not batch:
        return
    objects = [
        EmployerArrear(
            bin=sender,
            name=name[:255],
            iin=a.iin,
            period=a.period,
            kind=a.kind,
            paid_121=a.paid_121,
            paid_122=a.paid_122,
            due_122=a.due_122,
            amount_missing=a.missing,
            others_paid=a.others_paid,
            paid_before=a.paid_before,
            paid_after=a.paid_after,
            computed_at=started,
        )  # fmt: skip
        for sender, name, found in batch
        for a in found
        if window is None or window[0] <= a.period <= window[1]
    ]
    with transaction.atomic():
        old = EmployerArrear.objects.filter(bin__in=[sender for sender, _n, _f in batch])
        if window is not None:
            old = old.filter(period__range=window)
        old.delete()
        EmployerArrear.objects.bulk_create(objects, batch_size=2000)
    done.employers += len(batch)
    done.rows += len(objects)
