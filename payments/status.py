"""Insurance status engine (rules document, section 3): a pure function of payments, categories and a date.

Nothing here knows about Django or the database, and nothing here reads the rules tables: the caller
passes the self-payer amount of each year (`RuleBook.self_payer_amounts()`), the person's category
spans and birth date. It runs nightly for every person, so months are plain ints
(`year * 12 + month - 1`) and sums live in dicts keyed by them.

Terms (section 3): on date D in month M, L is the latest month whose deadline (the 25th of the next
month) has passed: L = M-1 when D is after the 25th, else M-2. A month is *covered* when its accepted
122 payments add up to more than zero, and, when all of them are self-payments, to at least that
year's self-payer amount. A month with 121 but no 122 is *incomplete*.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from statistics import median

TRANSFERS = 121
CONTRIBUTIONS = 122

DEADLINE_DAY = 25  # payments for month m are due by the 25th of m+1 (section 1)
WINDOW = 12  # past twelve / prepaid twelve
PREPAID_FROM = date(2022, 9, 5)  # basis 3, seed 002
RETENTION_FROM = date(2026, 1, 1)  # basis 4, seed 003
RETENTION_MIN_RUN = 60  # months of continuous cover
RETENTION_GRACE = 6  # L - E <= 6
LAPSE_MONTHS = 2  # status holds through the 25th of E+2 ...
RETENTION_LAPSE_MONTHS = 8  # ... or E+8 with retention
ADULT_AGE = 18  # children under 18 are exempt (section 6)
CHILDHOOD_NAMED = timedelta(days=366)  # how long after the 18th birthday the ended childhood is a reason
# vacation_lump: a month's 121/122 "about twice the usual" means this many times the median month.
VACATION_LUMP_LOW = Decimal("1.5")
VACATION_LUMP_HIGH = Decimal("2.5")

# bases
EXEMPT = "exempt"
PAST_TWELVE = "past_twelve"
PREPAID = "prepaid"
RETENTION = "retention"

# reason codes
NO_PAYMENTS = "no_payments"
GAP = "gap"
INCOMPLETE = "incomplete"
UNDERPAID = "underpaid"
LUMP_SUM = "lump_sum"
VACATION_LUMP = "vacation_lump"
CATEGORY_LAPSED = "category_lapsed"
CHILD = "child"  # the category of children under 18, recognised from the birth date

# month states (month_tiles); INCOMPLETE, UNDERPAID and EXEMPT are states too
COVERED = "covered"
MISSING = "missing"
NOT_YET_DUE = "not_yet_due"


@dataclass(frozen=True, slots=True)
class PaymentFact:
    """One register row for the person (section 10). `period` is the month paid for (any day of it);
    `self_paid` is sender_id == iin; `accepted` is False for a row the State Corporation rejected."""

    period: date
    knp: int
    amount: Decimal
    received_on: date
    self_paid: bool
    accepted: bool = True


@dataclass(frozen=True, slots=True)
class CategorySpan:
    """Membership of a preferential category (section 6) from `start` to `end`, both inclusive; open when
    `end` is None."""

    code: str
    start: date
    end: date | None = None

    def valid_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


# What kind of accepted OSMS payment an amount is (`evaluate_amounts`, fed by the nightly recompute's SQL).
OTHER_122 = 0  # contributions (122) from anyone but the person: an employer, an agent, the state
OWN_122 = 1  # the person's own contributions (122): sender_id == iin
TRANSFERS_121 = 2  # employer transfers (121)


@dataclass(frozen=True)
class Reason:
    """Why a person is not insured. `months` are "YYYY-MM"; `amounts` go with them, one per month:

    - no_payments: the months to prepay (current month first) and the self-payer amount of each;
    - gap: months with nothing paid, and the self-payer amount that would cover each;
    - incomplete: months with 121 but no 122, and the 121 received;
    - underpaid: months whose self-payments fall short, and the difference still to pay;
    - lump_sum: months whose self-payments hold two or more months' amount, and the sum paid;
    - vacation_lump: [month paid about twice, neighbouring uncovered month] and what each received;
    - category_lapsed: the month the category ended (no amounts); `category` names it.
    """

    code: str
    months: list[str]
    amounts: list[Decimal]
    category: str | None = None


@dataclass(frozen=True)
class Status:
    """The result of `evaluate`. `basis` is EXEMPT, PAST_TWELVE, PREPAID or RETENTION when insured (the first
    that holds, in section 3's order), else None and `reasons` say why (an insured person has none).

    `lapse_date` (section 3): the 25th of E+2, or of E+8 with retention, where E ends the covered run the
    status rests on; the latest such date when several bases hold; for an exempt person the end of the
    exemption (or that payment-based date when later), None when the exemption is open-ended; None when
    not insured. `covered_through` is that E as "YYYY-MM", when there is one."""

    on: date
    insured: bool
    basis: str | None
    reasons: list[Reason]
    lapse_date: date | None
    covered_through: str | None = None
    iin: str = ""


@dataclass(frozen=True, slots=True)
class Tile:
    """One month of the 12-month strip: `state` is covered, incomplete, underpaid, missing, not_yet_due or
    exempt; `paid_121` and `paid_122` are what was received for it (accepted, on or before the date)."""

    month: str
    state: str
    paid_121: Decimal
    paid_122: Decimal


# --- months as ints ------------------------------------------------------------------------------------


def month_index(day: date) -> int:
    """The month of `day` as one int: year * 12 + month - 1."""
    return day.year * 12 + day.month - 1


@lru_cache(maxsize=4096)
def month_label(index: int) -> str:
    """'2024-09' for the month index of September 2024."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_from_label(label: str) -> date:
    """The first day of the month written "2024-09" (the inverse of `month_label`)."""
    year, month = label.split("-")
    return date(int(year), int(month), 1)


@lru_cache(maxsize=4096)
def month_date(index: int, day: int = 1) -> date:
    return date(index // 12, index % 12 + 1, day)


def last_due_month(on: date) -> int:
    """L: the latest month whose deadline has passed on `on` (section 3)."""
    current = month_index(on)
    return current - 1 if on.day > DEADLINE_DAY else current - 2


@lru_cache(maxsize=1 << 16)  # the nightly recompute asks for every person; birth dates repeat
def adulthood(birth_date: date) -> date:
    """The 18th birthday (1 March for someone born on 29 February, in a common year)."""
    try:
        return birth_date.replace(year=birth_date.year + ADULT_AGE)
    except ValueError:
        return date(birth_date.year + ADULT_AGE, 3, 1)


# --- the person's payments, summed per month -----------------------------------------------------------------


def tiyn(amount: Decimal) -> int:
    """An amount in tenge as whole tiyn (1/100 tenge): the ledger adds and compares exact integers."""
    return int(amount.scaleb(2).to_integral_value(ROUND_HALF_UP))


def tenge(amount: int) -> Decimal:
    """Whole tiyn back to tenge with two decimals, as reasons and tiles show them."""
    return Decimal(amount).scaleb(-2)


class SelfAmounts:
    """The self-payer amount of each year (5% x 1 MZP), with what the engine asks of it for every person
    worked out once: the amount in tiyn, a month's due in tenge, a month's label. Build one per recompute
    and pass it as `self_amounts`; a plain mapping works too (it is wrapped per call).

    A year missing from the mapping uses the nearest earlier year (next year's values may not be loaded
    yet), else the nearest later one; None when there is none.
    """

    __slots__ = ("_by_year", "_need", "_due", "_labels")

    def __init__(self, by_year: Mapping[int, Decimal]) -> None:
        self._by_year = dict(by_year)
        self._need: dict[int, int | None] = {}
        self._due: dict[int, Decimal] = {}
        self._labels: dict[int, str] = {}

    @classmethod
    def of(cls, amounts: Mapping[int, Decimal] | SelfAmounts) -> SelfAmounts:
        return amounts if isinstance(amounts, SelfAmounts) else cls(amounts)

    def need(self, year: int) -> int | None:
        """The amount of `year` in tiyn, or None."""
        try:
            return self._need[year]
        except KeyError:
            pass
        amounts = self._by_year
        if year in amounts:
            amount = amounts[year]
        else:
            earlier = [y for y in amounts if y < year]
            later = [y for y in amounts if y > year]
            amount = amounts[max(earlier)] if earlier else amounts[min(later)] if later else None
        self._need[year] = need = None if amount is None else tiyn(amount)
        return need

    def due(self, month: int) -> Decimal:
        """What a self-payer pays for `month`, in tenge (zero when no amount is known)."""
        try:
            return self._due[month]
        except KeyError:
            due = self._due[month] = tenge(self.need(month // 12) or 0)
            return due

    def labels(self, months: Iterable[int]) -> list[str]:
        cache = self._labels
        out = []
        for month in months:
            label = cache.get(month)
            if label is None:
                label = cache[month] = month_label(month)
            out.append(label)
        return out


class _Ledger:
    """Accepted 121/122 sums per month in tiyn, counting only payments received on or before the date.

    Integers rather than Decimals: the nightly recompute evaluates every person, and int arithmetic is
    several times cheaper; amounts become Decimals again only where a reason or a tile shows them.
    """

    __slots__ = ("other_122", "own_122", "sum_121", "amounts")

    def __init__(self, self_amounts: Mapping[int, Decimal] | SelfAmounts) -> None:
        self.other_122: dict[int, int] = {}
        self.own_122: dict[int, int] = {}
        self.sum_121: dict[int, int] = {}
        self.amounts = SelfAmounts.of(self_amounts)

    @classmethod
    def from_payments(cls, on: date, payments: Iterable[PaymentFact], self_amounts: Mapping[int, Decimal]) -> _Ledger:
        self = cls(self_amounts)
        for payment in payments:
            if not payment.accepted or payment.received_on > on:
                continue
            if payment.knp == CONTRIBUTIONS:
                book = self.own_122 if payment.self_paid else self.other_122
            elif payment.knp == TRANSFERS:
                book = self.sum_121
            else:
                continue  # not an OSMS payment: counted for nothing (section 1)
            key = payment.period.year * 12 + payment.period.month - 1
            book[key] = book.get(key, 0) + tiyn(payment.amount)
        return self

    @classmethod
    def from_amounts(
        cls, months: Sequence[int], kinds: Sequence[int], amounts: Sequence[int], self_amounts: Mapping[int, Decimal]
    ) -> _Ledger:
        """The same ledger from payments already picked and converted elsewhere (accepted OSMS payments received
        by the date): parallel sequences of month index, kind (OTHER_122, OWN_122, TRANSFERS_121) and tiyn."""
        self = cls(self_amounts)
        books = (self.other_122, self.own_122, self.sum_121)
        if not (len(months) == len(kinds) == len(amounts)):
            raise ValueError("months, kinds and amounts must be of the same length")
        for month, kind, amount in zip(months, kinds, amounts):  # noqa: B905 (checked above, once)
            book = books[kind]
            book[month] = book.get(month, 0) + amount
        if amounts and min(amounts) <= 0:  # stored amounts are positive; a month adding up to nothing holds nothing
            for book in books:
                for month in [month for month, total in book.items() if total <= 0]:
                    del book[month]
        return self

    def empty(self) -> bool:
        return not (self.other_122 or self.own_122 or self.sum_121)

    def self_amount(self, year: int) -> int | None:
        """The self-payer amount of `year` in tiyn (see SelfAmounts)."""
        return self.amounts.need(year)

    def due(self, month: int) -> Decimal:
        """What a self-payer pays for `month`, in tenge (zero when no amount is known)."""
        return self.amounts.due(month)

    def state(self, month: int) -> str:
        """COVERED, UNDERPAID, INCOMPLETE or MISSING (section 3)."""
        return self.states((month,))[month]

    def states(self, months: Iterable[int]) -> dict[int, str]:
        """`state` of each of these months (one call for a window: the nightly recompute asks for millions)."""
        other_122, own_122, sum_121, need_of = self.other_122, self.own_122, self.sum_121, self.amounts.need
        out = {}
        for month in months:
            if other_122.get(month, 0) > 0:
                out[month] = COVERED  # payments from anyone else count when positive
                continue
            own = own_122.get(month, 0)
            if own > 0:
                need = need_of(month // 12)
                out[month] = COVERED if need is None or own >= need else UNDERPAID
            elif sum_121.get(month, 0) > 0:
                out[month] = INCOMPLETE
            else:
                out[month] = MISSING
        return out

    def covered_months(self) -> set[int]:
        """The months `state` calls COVERED, built without calling it: any 122 from others covers."""
        covered = set(self.other_122)
        for month, own in self.own_122.items():
            if month not in covered:
                need = self.self_amount(month // 12)
                if need is None or own >= need:
                    covered.add(month)
        return covered

    def last_period(self) -> int | None:
        keys = self.other_122.keys() | self.own_122.keys() | self.sum_121.keys()
        return max(keys) if keys else None

    def paid_122(self, month: int) -> int:
        return self.other_122.get(month, 0) + self.own_122.get(month, 0)


def _run_start(covered: set[int], month: int) -> int:
    while month - 1 in covered:
        month -= 1
    return month


def _run_end(covered: set[int], month: int) -> int:
    while month + 1 in covered:
        month += 1
    return month


def _all_covered(covered: set[int], first: int) -> bool:
    return covered.issuperset(range(first, first + WINDOW))


def _retention_run(covered: set[int], last_due: int) -> tuple[int, int] | None:
    """The latest run of at least 60 covered months that ends at E with L - E <= 6, as (start, E).

    Decision: "their latest run" is read as the latest run that is long enough, so that paying one more
    month (say, an isolated future month) never takes status away.
    """
    if len(covered) < RETENTION_MIN_RUN:
        return None  # most people: too few covered months for any run that long
    best = None
    for month in covered:
        if month + 1 in covered:
            continue  # not the end of a run
        start = _run_start(covered, month)
        long_enough = month - start + 1 >= RETENTION_MIN_RUN and last_due - month <= RETENTION_GRACE
        if long_enough and (best is None or month > best[1]):
            best = (start, month)
    return best


def _payment_bases(on: date, covered: set[int]) -> list[tuple[str, int, int]]:
    """Every one of bases 2-4 of section 3 that holds, in the document's order, as (basis, run start, E)."""
    current, last_due = month_index(on), last_due_month(on)
    found = []
    if _all_covered(covered, last_due - WINDOW + 1):
        found.append((PAST_TWELVE, _run_start(covered, last_due), _run_end(covered, last_due)))
    if on >= PREPAID_FROM and _all_covered(covered, current):
        found.append((PREPAID, _run_start(covered, current), _run_end(covered, current)))
    if on >= RETENTION_FROM:
        run = _retention_run(covered, last_due)
        if run is not None:
            found.append((RETENTION, run[0], run[1]))
    return found


@lru_cache(maxsize=4096)
def _lapse_date(basis: str, start: int, end: int) -> date:
    """The 25th of E+2, or of E+8 with retention (section 3): with a run of 60+ months, retention takes
    over when the past-twelve status ends, if retention is in force by then."""
    short = month_date(end + LAPSE_MONTHS, DEADLINE_DAY)
    long_run = end - start + 1 >= RETENTION_MIN_RUN and short + timedelta(days=1) >= RETENTION_FROM
    if basis == RETENTION or long_run:
        return month_date(end + RETENTION_LAPSE_MONTHS, DEADLINE_DAY)
    return short


def _exemption(on: date, spans: Iterable[CategorySpan], birth_date: date | None) -> tuple[bool, date | None]:
    """(exempt on `on`, last day of the exemption or None when open-ended), basis 1 of section 3."""
    ends: list[date] = []
    exempt = open_ended = False
    for span in spans:
        if span.valid_on(on):
            exempt = True
            if span.end is None:
                open_ended = True
            else:
                ends.append(span.end)
    if birth_date is not None and on < adulthood(birth_date):
        exempt = True
        ends.append(adulthood(birth_date) - timedelta(days=1))
    if not exempt or open_ended:
        return exempt, None
    return True, max(ends)


def evaluate(
    *,
    on: date,
    payments: Iterable[PaymentFact],
    categories: Iterable[CategorySpan] = (),
    birth_date: date | None = None,
    iin: str = "",
    self_amounts: Mapping[int, Decimal],
) -> Status:
    """The person's insurance status on `on` (section 3).

    Only payments received on or before `on` count; rejected ones count for nothing; KNPs other than
    121/122 are ignored. Bases, in order: exempt (a category valid on `on`, or under 18 by `birth_date`),
    past twelve (L-11..L covered), prepaid (M..M+11 covered, from 2022-09-05), retention (from
    2026-01-01: a run of 60+ covered months ending at E with L-E <= 6). When not insured, `reasons`
    say why. `self_amounts` maps a year to its self-payer amount (5% x 1 MZP).
    """
    return _evaluate(on, _Ledger.from_payments(on, payments, self_amounts), tuple(categories), birth_date, iin)


def evaluate_amounts(
    *,
    on: date,
    months: Sequence[int],
    kinds: Sequence[int],
    amounts: Sequence[int],
    categories: Iterable[CategorySpan] = (),
    birth_date: date | None = None,
    iin: str = "",
    self_amounts: Mapping[int, Decimal],
) -> Status:
    """`evaluate` for the accepted OSMS payments received on or before `on`, picked by the caller (the nightly
    recompute, in SQL) and given as three parallel sequences: month index (`month_index` of the period), kind
    (OTHER_122, OWN_122 or TRANSFERS_121) and amount in tiyn. Amounts of the same month and kind add up, so
    each entry may be one payment or a month's sum."""
    return _evaluate(on, _Ledger.from_amounts(months, kinds, amounts, self_amounts), tuple(categories), birth_date, iin)


def _evaluate(on: date, ledger: _Ledger, spans: tuple[CategorySpan, ...], birth_date: date | None, iin: str) -> Status:
    covered = ledger.covered_months()
    bases = _payment_bases(on, covered)
    exempt, exempt_until = _exemption(on, spans, birth_date)
    if not exempt and not bases:
        return Status(on, False, None, _reasons(on, ledger, covered, spans, birth_date), None, None, iin)

    # When several bases hold, the first names the status and the latest lapse date is shown.
    lapse, through = None, None
    for basis, start, end in bases:
        candidate = _lapse_date(basis, start, end)
        if lapse is None or candidate > lapse:
            lapse, through = candidate, month_label(end)
    if exempt:
        lapse = None if exempt_until is None else max(exempt_until, lapse or exempt_until)
        return Status(on, True, EXEMPT, [], lapse, through, iin)
    return Status(on, True, bases[0][0], [], lapse, through, iin)


# --- reasons ---------------------------------------------------------------------------------------------


def _reasons(
    on: date, ledger: _Ledger, covered: set[int], spans: tuple[CategorySpan, ...], birth_date: date | None
) -> list[Reason]:
    """Why a person is not insured (section 3). The months looked at are the past-twelve window L-11..L,
    or, from 2022-09-05, the prepaid window M..M+11 when fewer of its months are uncovered (someone who
    prepaid from next month is told to pay the current month)."""
    current, last_due = month_index(on), last_due_month(on)
    reasons: list[Reason] = []
    lapsed = _category_lapsed(on, ledger, spans, birth_date)
    if lapsed is not None:
        reasons.append(lapsed)

    amounts = ledger.amounts
    if ledger.empty():
        first = current if on >= PREPAID_FROM else last_due - WINDOW + 1
        months = range(first, first + WINDOW)
        reasons.append(Reason(NO_PAYMENTS, amounts.labels(months), [amounts.due(m) for m in months]))
        return reasons

    past = range(last_due - WINDOW + 1, last_due + 1)
    ahead = range(current, current + WINDOW)
    window = past
    if on >= PREPAID_FROM and _uncovered(ahead, covered) < _uncovered(past, covered):
        window = ahead
    states = ledger.states(window)

    lumps = sorted(m for m in ledger.own_122 if past.start <= m < ahead.stop and _is_lump(ledger, m))
    if lumps:
        reasons.append(Reason(LUMP_SUM, amounts.labels(lumps), [tenge(ledger.own_122[m]) for m in lumps]))
    vacation = _vacation_lump(ledger, covered, past)
    if vacation is not None:
        reasons.append(vacation)
    incomplete = [m for m in window if states[m] == INCOMPLETE]
    if incomplete:
        reasons.append(Reason(INCOMPLETE, amounts.labels(incomplete), [tenge(ledger.sum_121[m]) for m in incomplete]))
    underpaid = [m for m in window if states[m] == UNDERPAID]
    if underpaid:
        shortfalls = [tenge((ledger.self_amount(m // 12) or 0) - ledger.own_122[m]) for m in underpaid]
        reasons.append(Reason(UNDERPAID, amounts.labels(underpaid), shortfalls))
    gap = [m for m in window if states[m] == MISSING]
    if gap:
        reasons.append(Reason(GAP, amounts.labels(gap), [amounts.due(m) for m in gap]))
    return reasons


def _labels(months: Iterable[int]) -> list[str]:
    return [month_label(m) for m in months]


def _uncovered(months: range, covered: set[int]) -> int:
    return len(months) - len(covered.intersection(months))


def _is_lump(ledger: _Ledger, month: int) -> bool:
    """One month's self-payments hold two or more months' self-payer amount (e.g. 51 000 in 2024)."""
    own = ledger.own_122.get(month)
    need = ledger.self_amount(month // 12)
    return own is not None and need is not None and need > 0 and own >= 2 * need


def _vacation_lump(ledger: _Ledger, covered: set[int], past: range) -> Reason | None:
    """An employer month whose 122 (or 121) is about twice the usual, next to an uncovered month of the
    window: vacation pay paid all in one month (seed 001). "About twice" is 1.5 to 2.5 times the median
    of the window's other employer-paid months."""
    for uncovered in past:
        if uncovered in covered:
            continue
        for neighbour in (uncovered - 1, uncovered + 1):
            if neighbour not in covered:
                continue
            for book in (ledger.other_122, ledger.sum_121):
                paid = book.get(neighbour, 0)
                if paid <= 0:
                    continue
                usual = [book[m] for m in past if m != neighbour and m in covered and book.get(m, 0) > 0]
                if usual:
                    # The median of whole tiyn is exact as an int or a half (a float); the ratio is a Decimal.
                    ratio = paid / Decimal(median(usual))
                    if VACATION_LUMP_LOW <= ratio <= VACATION_LUMP_HIGH:
                        months = [neighbour, uncovered]
                        return Reason(VACATION_LUMP, _labels(months), [tenge(book.get(m, 0)) for m in months])
    return None


def _category_lapsed(
    on: date, ledger: _Ledger, spans: tuple[CategorySpan, ...], birth_date: date | None
) -> Reason | None:
    """A preferential category (or childhood) ended before `on` and no payment is for a later month."""
    ended = [(span.end, span.code) for span in spans if span.end is not None and span.end < on]
    # Childhood is named only when it ended within the last year: for a grown-up, it explains nothing.
    if birth_date is not None and adulthood(birth_date) <= on < adulthood(birth_date) + CHILDHOOD_NAMED:
        ended.append((adulthood(birth_date) - timedelta(days=1), CHILD))
    if not ended:
        return None
    end, code = max(ended)
    last = ledger.last_period()
    if last is not None and last > month_index(end):
        return None
    return Reason(CATEGORY_LAPSED, [month_label(month_index(end))], [], category=code)


# --- the 12-month strip --------------------------------------------------------------------------------


def tiles_since(on: date, count: int = WINDOW) -> date:
    """The first month of the strip `month_tiles` shows on `on`: the only payments it reads are from then on."""
    return month_date(month_index(on) - count + 1)


def month_tiles(
    *,
    on: date,
    payments: Iterable[PaymentFact],
    self_amounts: Mapping[int, Decimal],
    categories: Iterable[CategorySpan] = (),
    birth_date: date | None = None,
    count: int = WINDOW,
) -> list[Tile]:
    """The last `count` months up to the current one, oldest first, each with its state: covered; exempt
    (a category or childhood on any day of the month); not_yet_due (after L and not covered); else
    incomplete, underpaid or missing. Same counting rules as `evaluate`."""
    spans = tuple(categories)
    ledger = _Ledger.from_payments(on, payments, self_amounts)
    current, last_due = month_index(on), last_due_month(on)
    adult = adulthood(birth_date) if birth_date is not None else None
    tiles = []
    for month in range(month_index(tiles_since(on, count)), current + 1):
        state = ledger.state(month)
        if state != COVERED:
            first, last = month_date(month), month_date(month + 1) - timedelta(days=1)
            in_category = any(s.start <= last and (s.end is None or s.end >= first) for s in spans)
            if in_category or (adult is not None and first < adult):
                state = EXEMPT
            elif month > last_due:
                state = NOT_YET_DUE
        paid_121, paid_122 = tenge(ledger.sum_121.get(month, 0)), tenge(ledger.paid_122(month))
        tiles.append(Tile(month_label(month), state, paid_121, paid_122))
    return tiles
