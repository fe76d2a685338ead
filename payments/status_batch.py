"""Many people's insurance status at once, for the recompute: the common answers of `status` in array form.

`status.evaluate` is the rule, one person at a time. The nightly recompute asks it for every person, and
most people get one of a few plain answers: insured on a payment basis (a covered run of months), or exempt
as a child. This module gives those answers for a whole chunk of people in a few numpy operations over a
people x months table of covered months, with no Python loop per person:

- who is insured by basis 2-4 of section 3 (past twelve, prepaid, retention), with each basis's covered
  run, and so the lapse date and the covered-through month the same way `status` picks them;
- who is exempt by age (under 18 by the birth date), with the end of the exemption.

It leaves alone what only `status` answers: everyone who is not insured (their reasons need the months and
amounts one by one) and everyone with a preferential category (the caller sends those to `status`). It
imports nothing from Django, and the lapse date itself is `status`'s own function (over the few distinct
covered runs of a chunk). Tests hold it to `status.evaluate_amounts` on random histories.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from . import status

# what `insured_by` holds for each person; indexes of BASES
UNDECIDED = 0  # not insured on a payment basis nor a child: `status` decides (and gives the reasons)
BASES = (None, status.EXEMPT, status.PAST_TWELVE, status.PREPAID, status.RETENTION)
EXEMPT, PAST_TWELVE, PREPAID, RETENTION = 1, 2, 3, 4
NO_MONTH = -1


@dataclass(frozen=True)
class Answers:
    """Per person (the index given with their payments): `basis` (an index of BASES; UNDECIDED when
    `status` must answer), `lapse` (the lapse date as an ordinal, 0 for none) and `through` (the
    covered-through month index, NO_MONTH for none)."""

    basis: np.ndarray
    lapse: np.ndarray
    through: np.ndarray


def evaluate(
    *,
    on: date,
    people: int,
    person: np.ndarray,
    months: np.ndarray,
    kinds: np.ndarray,
    amounts: np.ndarray,
    adult_from: np.ndarray,
    self_amounts: status.SelfAmounts,
) -> Answers:
    """The status on `on` of `people` people, numbered 0..people-1, from their accepted OSMS payments
    received by `on`: parallel arrays of the person's number, the month index (`status.month_index` of the
    period), the kind (status.OTHER_122, OWN_122 or TRANSFERS_121) and the amount in tiyn, in any order.
    `adult_from` holds each person's 18th birthday as an ordinal (`status.adulthood`), 0 when unknown.
    Preferential categories are not looked at: give people who have one to `status` instead."""
    current, last_due = status.month_index(on), status.last_due_month(on)
    # Month columns from one before the earliest month anyone paid for (or the window) to one after the
    # latest (or the prepaid window): the first and last columns are never covered, so every run ends.
    first = min(int(months.min()) if len(months) else last_due, last_due - status.WINDOW + 1) - 1
    last = max(int(months.max()) if len(months) else current, current + status.WINDOW - 1) + 1
    width = last - first + 1
    covered = _covered(people, width, person, months - first, kinds, amounts, self_amounts.need, first)

    column = np.arange(width)
    # the length of the covered run ending at each month (0 where not covered), and where the run
    # through each month ends
    run = column - np.maximum.accumulate(np.where(covered, 0, column), axis=1)
    run_end = np.minimum.accumulate(np.where(covered, width, column)[:, ::-1], axis=1)[:, ::-1] - 1

    found = []  # (basis, holds, run start, run end) in section 3's order, months as columns
    at_l, at_m = last_due - first, current - first
    holds = run[:, at_l] >= status.WINDOW
    found.append((PAST_TWELVE, holds, at_l - run[:, at_l] + 1, run_end[:, at_l]))
    if on >= status.PREPAID_FROM:
        holds = run[:, at_m + status.WINDOW - 1] >= status.WINDOW
        found.append((PREPAID, holds, at_m - run[:, at_m] + 1, run_end[:, at_m]))
    if on >= status.RETENTION_FROM:
        # The latest run of 60+ covered months that ends at E with L - E <= 6 (`status._retention_run`).
        ends = np.zeros_like(covered)
        ends[:, :-1] = covered[:, :-1] & ~covered[:, 1:]
        ends &= run >= status.RETENTION_MIN_RUN
        ends[:, : max(0, at_l - status.RETENTION_GRACE)] = False
        holds = ends.any(axis=1)
        end = width - 1 - np.argmax(ends[:, ::-1], axis=1)
        found.append((RETENTION, holds, end - run[np.arange(people), end] + 1, end))

    basis = np.zeros(people, np.int8)
    lapse = np.zeros(people, np.int64)
    through = np.full(people, NO_MONTH, np.int64)
    for code, holds, start, end in found:
        # When several bases hold, the first names the status and the latest lapse date is shown.
        candidate = np.where(holds, _lapse_ordinals(code, start + first, end + first), 0)
        later = candidate > lapse
        through = np.where(later, end + first, through)
        lapse = np.maximum(lapse, candidate)
        basis = np.where((basis == UNDECIDED) & holds, code, basis)

    # Exempt by age: the exemption's last day, or the payment basis's lapse date when that is later.
    child = on.toordinal() < adult_from
    basis = np.where(child, EXEMPT, basis)
    lapse = np.where(child, np.maximum(adult_from - 1, lapse), lapse)
    return Answers(basis, lapse, through)


def _covered(people, width, person, column, kinds, amounts, need_of, first) -> np.ndarray:
    """People x months: is the month covered (`status._Ledger.covered_months`)? Any 122 from others adding
    up to more than zero covers; own 122 covers when it reaches that year's self-payer amount (any
    positive sum when no amount is known)."""
    cell = person.astype(np.int64) * width + column
    other = np.zeros(people * width, np.int64)
    own = np.zeros(people * width, np.int64)
    mine = kinds == status.OTHER_122
    np.add.at(other, cell[mine], amounts[mine])
    mine = kinds == status.OWN_122
    np.add.at(own, cell[mine], amounts[mine])
    years = range(first // 12, (first + width - 1) // 12 + 1)
    need_by_year = {year: max(need_of(year) or 1, 1) for year in years}
    need = np.array([need_by_year[(first + c) // 12] for c in range(width)], np.int64)
    return (other.reshape(people, width) > 0) | (own.reshape(people, width) >= need)


def _lapse_ordinals(code: int, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """`status._lapse_date` of each covered run, as ordinals: asked once per distinct run."""
    key = start.astype(np.int64) * 1_000_000 + end
    distinct, where = np.unique(key, return_inverse=True)
    basis = BASES[code]
    ordinals = np.array(
        [status._lapse_date(basis, int(k // 1_000_000), int(k % 1_000_000)).toordinal() for k in distinct],
        np.int64,
    )
    return ordinals[where.reshape(-1)]


def adult_from(birth: date | None) -> int:
    """The 18th birthday as an ordinal, 0 when the birth date is unknown."""
    return 0 if birth is None else status.adulthood(birth).toordinal()


def lapse_date(ordinal: int) -> date | None:
    return date.fromordinal(ordinal) if ordinal else None
