"""Employers who withhold but do not transfer: a pure rule over one sender's payments (no Django, no database).

Decision record 0021. Given everything one sender paid, summed by (person, month, KNP), `find_arrears` returns the
(person, month) rows where the employer's part is missing or short:

* `no_122`: the employer paid transfers (121) for the person and month but no contributions (122);
* `short_122`: it paid 122, but less than the rules make due on the income its 121 implies;
* `nothing`: it paid nothing for the person in a month between months it did pay for them (a hole of at most
  HOLE_MONTHS months).

A row is kept only when there is something to compare it to: the same sender paid fully for *other* people in that
month (`others_paid`, the fund's report), or for the same person in the month before or after (the citizen's
sentence: "paid for February and April but not for March").

Not employers, so never flagged: a payment for oneself (sender = the person's IIN), and a sender that paid no 121
for anyone (a bank or Kazpost passing on a self-payer's 122, an agent of a platform worker).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from .rules import CONTRIBUTIONS, HUNDRED, INCOME, TRANSFERS, ZERO, NoRules, RuleBook, add_months, compute_amounts

NO_122 = "no_122"
SHORT_122 = "short_122"
NOTHING = "nothing"
KINDS = (NO_122, SHORT_122, NOTHING)
HOLE_MONTHS = 3  # a longer run of months without any payment is a leave or a break in employment, not arrears
TOLERANCE = Decimal("1.00")  # a 122 short by at most this is rounding (income derived from a rounded 121)
READ_MARGIN = 2 * HOLE_MONTHS  # months of data either side a month's verdict may depend on (see services)


@dataclass(frozen=True, slots=True)
class Line:
    """What one sender paid for one person, month and KNP, summed (accepted payments only)."""

    iin: str
    period: date
    knp: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Arrear:
    iin: str
    period: date
    kind: str
    paid_121: Decimal
    paid_122: Decimal
    due_122: Decimal | None  # None: the rules cannot derive it from the data
    missing: Decimal | None  # due - paid; None when unknown (kind NOTHING, or no rules)
    others_paid: bool  # the sender paid fully for other people in the same month
    paid_before: date | None  # the sender paid fully for this person in the month before
    paid_after: date | None  # ... in the month after


def is_employer(sender_id: str, lines: Iterable[Line]) -> bool:
    """A sender is an employer when it paid 121 for someone other than itself."""
    return any(line.knp == TRANSFERS and line.iin != sender_id and line.amount > 0 for line in lines)


def due_contributions(rules: RuleBook, period: date, transfers: Decimal) -> Decimal | None:
    """The 122 due on the income that an employer's 121 of `transfers` implies (section 2), or None when the rules
    cannot say (no rules for the year, a 121 rate that is not a percent of income)."""
    try:
        rates = rules.rates_for("employee", period)
    except NoRules:
        return None
    row = rates.get(TRANSFERS)
    if row is None or row.basis != INCOME or not row.percent:
        return None
    income = transfers * HUNDRED / row.percent
    if row.cap_mzp is not None:  # a 121 at its cap says only "at least the cap": the cap is what 122 sees too
        income = min(income, row.cap_mzp * rules.mzp(period.year))
    try:
        return compute_amounts(rules=rules, payer_type="employee", period=period, incomes=(income,)).contributions
    except NoRules:
        return None


def contributions_cap(rules: RuleBook, period: date) -> Decimal | None:
    """The most 122 a person owes in a month over all their jobs together (section 2: the employee cap), or None
    when the rules have no cap or no row for the year."""
    try:
        row = rules.rates_for("employee", period).get(CONTRIBUTIONS)
    except NoRules:
        return None
    if row is None or row.basis != INCOME or not row.percent or row.cap_mzp is None:
        return None
    income = row.cap_mzp * rules.mzp(period.year)
    return compute_amounts(rules=rules, payer_type="employee", period=period, incomes=(income,)).contributions


def within_shared_cap(arrear: Arrear, all_jobs_122: Decimal, *, rules: RuleBook) -> Arrear | None:
    """A short 122 seen against what every employer paid for the person that month (seed 002: two jobs share one
    122 cap). At the cap nothing more is owed, so it is no arrear; below it, at most the rest of the cap is missing.
    Other kinds of arrears are returned as they are."""
    if arrear.kind != SHORT_122:
        return arrear
    cap = contributions_cap(rules, arrear.period)
    if cap is None:
        return arrear
    if all_jobs_122 + TOLERANCE >= cap:
        return None
    if arrear.missing is not None and arrear.missing > cap - all_jobs_122:
        return replace(arrear, missing=cap - all_jobs_122)
    return arrear


def find_arrears(sender_id: str, lines: Iterable[Line], *, rules: RuleBook) -> list[Arrear]:
    """The arrears rows of one sender (see the module's docstring), ordered by person and month."""
    lines = [line for line in lines if line.iin != sender_id]
    if not is_employer(sender_id, lines):
        return []
    sums: dict[tuple[str, date], dict[int, Decimal]] = defaultdict(lambda: {TRANSFERS: ZERO, CONTRIBUTIONS: ZERO})
    for line in lines:
        if line.knp in (TRANSFERS, CONTRIBUTIONS):
            sums[(line.iin, line.period.replace(day=1))][line.knp] += line.amount

    verdicts: dict[tuple[str, date], tuple] = {}  # (iin, month) -> (kind or None, due, missing)
    for key, paid in sums.items():
        p121, p122 = paid[TRANSFERS], paid[CONTRIBUTIONS]
        if p121 <= 0 and p122 <= 0:
            continue
        due = due_contributions(rules, key[1], p121) if p121 > 0 else None
        if p121 > 0 and due is not None and due <= 0:
            verdicts[key] = (None, due, None)  # no 122 owed that year (before 2020): a 121 alone is complete
        elif p121 > 0 and p122 <= 0:
            verdicts[key] = (NO_122, due, due)
        elif due is not None and due - p122 > TOLERANCE:
            verdicts[key] = (SHORT_122, due, due - p122)
        else:
            verdicts[key] = (None, due, None)

    full_by_month: dict[date, set[str]] = defaultdict(set)
    months_by_person: dict[str, set[date]] = defaultdict(set)
    for (iin, month), (kind, _due, _missing) in verdicts.items():
        months_by_person[iin].add(month)
        if kind is None:
            full_by_month[month].add(iin)
    for iin, months in months_by_person.items():  # holes: months with nothing between months with something
        ordered = sorted(months)
        for before, after in zip(ordered, ordered[1:], strict=False):
            hole = (after.year - before.year) * 12 + after.month - before.month - 1
            if 0 < hole <= HOLE_MONTHS:
                for step in range(1, hole + 1):
                    verdicts[(iin, add_months(before, step))] = (NOTHING, None, None)

    found = []
    for (iin, month), (kind, due, missing) in verdicts.items():
        if kind is None:
            continue
        others = any(other != iin for other in full_by_month.get(month, ()))
        before, after = add_months(month, -1), add_months(month, 1)
        paid_before = before if iin in full_by_month.get(before, ()) else None
        paid_after = after if iin in full_by_month.get(after, ()) else None
        if not (others or paid_before or paid_after):
            continue
        paid = sums.get((iin, month), {TRANSFERS: ZERO, CONTRIBUTIONS: ZERO})
        p121, p122 = paid[TRANSFERS], paid[CONTRIBUTIONS]
        found.append(Arrear(iin, month, kind, p121, p122, due, missing, others, paid_before, paid_after))
    return sorted(found, key=lambda a: (a.iin, a.period))
