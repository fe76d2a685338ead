"""OSMS contribution calculator: pure functions over plain rules data (rules document, sections 2 and 4).

Nothing here knows about Django or the database. The numbers live in rows (`MinimumWage`, `Rate`,
`BaseRate`, ...) gathered in a `RuleBook`; `payments.rules_data` holds the rows as the rules document
gives them, and a migration copies them into editable tables. The calculator never guesses: a year or
payer type without a row raises `NoRules`.

Money is `Decimal` in KZT, rounded half up to the tiyn (0.01 KZT). A period is the month a payment is
*for*, given as a `date` (any day of that month; the first is customary).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

TIYN = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal("0.00")

TRANSFERS = 121  # KNP 121: employer transfers (аударымдар / отчисления)
CONTRIBUTIONS = 122  # KNP 122: contributions (жарналар / взносы)

# How a `Rate` row computes its amount (section 2's table).
INCOME = "income"  # percent of income, optionally capped at cap_mzp x MZP
MZP = "mzp"  # fixed: percent of base_mzp x MZP
NOT_IN_FORCE = "not_in_force"  # "–" in the table: nothing owed
EXEMPT = "exempt"  # "exempt" in the table: nothing owed
BASES = (INCOME, MZP, NOT_IN_FORCE, EXEMPT)

# Reason codes an `Amounts` result carries for a zero amount.
PREFERENTIAL = "preferential_category"

# The calculator's payer types, and the rate rows (payer_type of `Rate`) each one pays.
# An employee's income carries the employer's 121 and the employee's own 122.
PAYER_TYPES: Mapping[str, tuple[str, ...]] = {
    "employee": ("employer", "employee"),
    "contract": ("contract",),
    "entrepreneur": ("entrepreneur",),
    "self": ("self",),
    "platform": ("platform",),
    "single": ("single",),
}

# Section 1 "Deadline" and section 4: due by the 25th of m+1; penalty 1.25 x base rate per day / 365.
DEADLINE_DAY = 25
PENALTY_FACTOR = Decimal("1.25")
DAYS_IN_YEAR = 365
PREPAID_FROM = date(2022, 9, 5)  # section 3, basis 3 (seed 002)


class NoRules(LookupError):
    """The rules table has no row for a year or payer type (section 2, "Decision:"): an error, never a guess."""


# --- rows -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MinimumWage:
    """MZP (ЕТЖ / МЗП), the minimum monthly wage of a year (section 2)."""

    year: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Rate:
    """One cell of section 2's table: what a payer type pays under one KNP from `valid_from` to `valid_to`.

    `basis` is INCOME (percent of income; `cap_mzp` x MZP is the most income counted, None = no cap),
    MZP (fixed: percent of `base_mzp` x MZP), NOT_IN_FORCE ("–") or EXEMPT ("exempt").
    `share` is the part, in percent, of the computed sum that goes to this KNP (single payment: of the
    24.8% sum, 12.1% is 121 and 8.1% is 122); None means all of it.
    Both dates are inclusive.
    """

    payer_type: str
    knp: int
    valid_from: date
    valid_to: date
    basis: str
    percent: Decimal = ZERO
    cap_mzp: Decimal | None = None
    base_mzp: Decimal | None = None
    share: Decimal | None = None

    def __post_init__(self) -> None:
        if self.basis not in BASES:
            raise ValueError(f"unknown basis {self.basis!r}")
        if self.valid_to < self.valid_from:
            raise ValueError(f"{self.payer_type} {self.knp}: valid_to before valid_from")

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to


@dataclass(frozen=True, slots=True)
class BaseRate:
    """The National Bank's base (refinancing) rate, in percent, in force from `valid_from` (section 4)."""

    valid_from: date
    percent: Decimal


@dataclass(frozen=True, slots=True)
class StateRate:
    """The state's contribution for a person in a preferential category: percent of the average monthly wage
    two years earlier (section 2). Information for fund staff only, never a citizen's payment."""

    year: int
    percent: Decimal


@dataclass(frozen=True, slots=True)
class Category:
    """A preferential category the state pays for (section 6), and the budget that pays: republic or local."""

    code: str
    label: str
    budget: str


@dataclass(frozen=True)
class RuleBook:
    """All rules rows, and the questions the calculator asks of them."""

    minimum_wages: tuple[MinimumWage, ...]
    rates: tuple[Rate, ...]
    base_rates: tuple[BaseRate, ...] = ()
    state_rates: tuple[StateRate, ...] = ()
    categories: tuple[Category, ...] = ()

    def mzp(self, year: int) -> Decimal:
        """The minimum wage of `year`; NoRules("no rules for 2031") when there is none."""
        for row in self.minimum_wages:
            if row.year == year:
                return row.amount
        raise NoRules(f"no rules for {year}")

    def rate(self, payer_type: str, knp: int, period: date) -> Rate:
        """The row of `payer_type` (a `Rate.payer_type`) and `knp` in force on the first day of `period`."""
        day = period.replace(day=1)
        self.mzp(day.year)
        for row in self.rates:
            if row.payer_type == payer_type and row.knp == knp and row.in_force(day):
                return row
        raise NoRules(f"no rules for {payer_type} {knp} in {day:%Y-%m}")

    def rates_for(self, payer_type: str, period: date) -> dict[int, Rate]:
        """The rows in force for a calculator payer type (see PAYER_TYPES) in `period`, by KNP.

        Raises NoRules for an unknown payer type, a year without a minimum wage, or a payer type with
        no row in force in that period (e.g. the single payment before 2026).
        """
        if payer_type not in PAYER_TYPES:
            raise NoRules(f"no rules for payer type {payer_type!r}")
        day = period.replace(day=1)
        self.mzp(day.year)
        found: dict[int, Rate] = {}
        for row_type in PAYER_TYPES[payer_type]:
            for row in self.rates:
                if row.payer_type == row_type and row.in_force(day):
                    found[row.knp] = row
        if not found:
            raise NoRules(f"no rules for {payer_type} in {day:%Y-%m}")
        return found

    def self_payer_amount(self, year: int) -> Decimal:
        """The fixed monthly amount of a self-payer in `year` (5% x 1 MZP from 2020), rounded to the tiyn."""
        row = self.rate("self", CONTRIBUTIONS, date(year, 1, 1))
        if row.basis != MZP:
            raise NoRules(f"no self-payer amount in {year}")
        return _fixed_amount(row, self.mzp(year))

    def self_payer_amounts(self) -> dict[int, Decimal]:
        """{year: self-payer amount} for every year that has one: the `self_amounts` of `status.evaluate`."""
        amounts = {}
        for wage in self.minimum_wages:
            try:
                amounts[wage.year] = self.self_payer_amount(wage.year)
            except NoRules:
                continue
        return amounts

    def base_rate_on(self, day: date) -> Decimal:
        """The base rate, in percent, in force on `day` (the latest row starting on or before it)."""
        best: BaseRate | None = None
        for row in self.base_rates:
            if row.valid_from <= day and (best is None or row.valid_from > best.valid_from):
                best = row
        if best is None:
            raise NoRules(f"no base rate on {day.isoformat()}")
        return best.percent

    def state_rate(self, year: int) -> Decimal:
        """The state's contribution percentage for `year` (information only)."""
        for row in self.state_rates:
            if row.year == year:
                return row.percent
        raise NoRules(f"no state contribution rate for {year}")


# --- amounts for one period -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AmountReason:
    """Why an amount is zero: `code` is NOT_IN_FORCE, EXEMPT or PREFERENTIAL, for `knp`."""

    knp: int
    code: str


@dataclass(frozen=True, slots=True)
class JobAmounts:
    """One income (one job) and what is owed on it. `base_121`/`base_122` are the income counted after caps."""

    income: Decimal
    base_121: Decimal
    base_122: Decimal
    transfers: Decimal  # KNP 121
    contributions: Decimal  # KNP 122
    total: Decimal | None = None  # single payment only: the whole 24.8% sum for this income


@dataclass(frozen=True)
class Amounts:
    """What one payer type owes for one period (section 2).

    `cap_121` is the most income counted for 121 per employer, `cap_122` the most counted for 122 over
    all incomes together (KZT; None when uncapped or not applicable). `total` is set for the single
    payment only. `reasons` says why an amount is 0.00.
    """

    payer_type: str
    period: date
    transfers: Decimal
    contributions: Decimal
    jobs: tuple[JobAmounts, ...]
    cap_121: Decimal | None = None
    cap_122: Decimal | None = None
    total: Decimal | None = None
    reasons: tuple[AmountReason, ...] = ()

    @property
    def capped_121(self) -> bool:
        """True when an employer's cap reduced the income counted for 121 on some job."""
        return self.cap_121 is not None and any(job.income > self.cap_121 for job in self.jobs)

    @property
    def capped_122(self) -> bool:
        """True when the cap over all incomes reduced the income counted for 122."""
        return self.cap_122 is not None and sum((job.income for job in self.jobs), ZERO) > self.cap_122

    def reason(self, knp: int) -> str | None:
        """The reason code for a zero `knp` amount, if any."""
        for item in self.reasons:
            if item.knp == knp:
                return item.code
        return None


def round_tiyn(value: Decimal) -> Decimal:
    """Round half up to the tiyn, 0.01 KZT (section 2)."""
    return value.quantize(TIYN, rounding=ROUND_HALF_UP)


def _money(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money must be Decimal, int or str, not float")
    amount = Decimal(value)
    if amount < 0:
        raise ValueError(f"negative amount {amount}")
    return amount


def _percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    return amount * percent / HUNDRED


def _fixed_amount(row: Rate, mzp: Decimal) -> Decimal:
    return round_tiyn(_percent_of((row.base_mzp or Decimal(1)) * mzp, row.percent))


def compute_amounts(
    *,
    rules: RuleBook,
    payer_type: str,
    period: date,
    incomes: Iterable[Decimal | int | str] = (),
    preferential: bool = False,
) -> Amounts:
    """121 and 122 owed by one payer type for one period, per income and in total (section 2).

    - employee: 121 (employer) and 122 (employee) on each income. Each employer's 121 is capped
      separately; the 122 cap applies to all incomes together, allocated to the incomes in the order
      given, job by job (seed 002).
    - contract: 122 only, same cap as an employee's, over all incomes together.
    - entrepreneur, self: a fixed 122 (5% x 1.4 MZP, 5% x 1 MZP); incomes are ignored and `jobs` is empty.
    - platform: 1% of income, at most 20 MZP counted over all incomes together (our decision: the cap
      is the person's, like an employee's).
    - single: per income, one sum of 24.8%, rounded; of that sum 12.1% goes to 121 and 8.1% to 122.
    A "–"/"exempt" cell gives 0.00 with reason NOT_IN_FORCE/EXEMPT; `preferential` (a person in a
    preferential category, section 6) gives the employer's 121 = 0.00 with reason PREFERENTIAL (seed 002);
    their own 122 is still owed (the rules document exempts transfers only).
    Raises NoRules for a year or payer type with no row.
    """
    period = period.replace(day=1)
    rows = rules.rates_for(payer_type, period)
    mzp = rules.mzp(period.year)
    job_incomes = [_money(x) for x in incomes]
    reasons: list[AmountReason] = []
    per_job: dict[int, list[Decimal]] = {}  # knp -> amount per income
    bases: dict[int, list[Decimal]] = {}  # knp -> income counted per income
    caps: dict[int, Decimal | None] = {TRANSFERS: None, CONTRIBUTIONS: None}
    fixed: dict[int, Decimal] = {}
    job_totals: list[Decimal] | None = None

    for knp, row in sorted(rows.items()):
        if row.basis in (NOT_IN_FORCE, EXEMPT):
            reasons.append(AmountReason(knp, row.basis))
            continue
        if preferential and row.payer_type == "employer":
            reasons.append(AmountReason(knp, PREFERENTIAL))
            continue
        if row.basis == MZP:
            fixed[knp] = _fixed_amount(row, mzp)
            continue
        cap = None if row.cap_mzp is None else round_tiyn(row.cap_mzp * mzp)
        caps[knp] = cap
        counted = _per_job_bases(job_incomes, cap) if knp == TRANSFERS else _shared_bases(job_incomes, cap)
        bases[knp] = counted
        if row.share is None:
            per_job[knp] = [round_tiyn(_percent_of(base, row.percent)) for base in counted]
        else:
            sums = [round_tiyn(_percent_of(base, row.percent)) for base in counted]
            job_totals = sums
            per_job[knp] = [round_tiyn(_percent_of(total, row.share)) for total in sums]

    if fixed:
        jobs: tuple[JobAmounts, ...] = ()
        transfers = fixed.get(TRANSFERS, ZERO)
        contributions = fixed.get(CONTRIBUTIONS, ZERO)
    else:
        jobs = tuple(
            JobAmounts(
                income=income,
                base_121=bases.get(TRANSFERS, [ZERO] * len(job_incomes))[i],
                base_122=bases.get(CONTRIBUTIONS, [ZERO] * len(job_incomes))[i],
                transfers=per_job.get(TRANSFERS, [ZERO] * len(job_incomes))[i],
                contributions=per_job.get(CONTRIBUTIONS, [ZERO] * len(job_incomes))[i],
                total=None if job_totals is None else job_totals[i],
            )
            for i, income in enumerate(job_incomes)
        )
        transfers = sum((job.transfers for job in jobs), ZERO)
        contributions = sum((job.contributions for job in jobs), ZERO)

    total = None
    if payer_type == "single":
        total = sum(job_totals, ZERO) if job_totals is not None else ZERO
    return Amounts(
        payer_type=payer_type,
        period=period,
        transfers=transfers,
        contributions=contributions,
        jobs=jobs,
        cap_121=caps[TRANSFERS],
        cap_122=caps[CONTRIBUTIONS],
        total=total,
        reasons=tuple(reasons),
    )


def _per_job_bases(incomes: Sequence[Decimal], cap: Decimal | None) -> list[Decimal]:
    """Each income capped on its own (an employer's 121)."""
    return [income if cap is None else min(income, cap) for income in incomes]


def _shared_bases(incomes: Sequence[Decimal], cap: Decimal | None) -> list[Decimal]:
    """One cap for all incomes together, used up job by job in the order given (an employee's 122)."""
    if cap is None:
        return list(incomes)
    left = cap
    counted = []
    for income in incomes:
        base = min(income, left)
        counted.append(base)
        left -= base
    return counted


def format_money(value: Decimal) -> str:
    """'25500.00': two decimals, no exponent, no thousands separator."""
    return f"{round_tiyn(value):f}"


def amounts_as_dict(amounts: Amounts) -> dict[str, object]:
    """The CLI contract: {"121": "...", "122": "...", "jobs": [{"121": "...", "122": "..."}, ...]}
    plus "total" for the single payment."""
    out: dict[str, object] = {
        "121": format_money(amounts.transfers),
        "122": format_money(amounts.contributions),
        "jobs": [{"121": format_money(job.transfers), "122": format_money(job.contributions)} for job in amounts.jobs],
    }
    if amounts.payer_type == "single":
        out["total"] = format_money(amounts.total if amounts.total is not None else ZERO)
    return out


def calculate(
    *,
    rules: RuleBook,
    payer_type: str,
    period: date,
    incomes: Iterable[Decimal | int | str] = (),
    preferential: bool = False,
) -> dict[str, object]:
    """`compute_amounts` in the CLI's dict shape (see `amounts_as_dict`)."""
    return amounts_as_dict(
        compute_amounts(rules=rules, payer_type=payer_type, period=period, incomes=incomes, preferential=preferential)
    )


# --- months ------------------------------------------------------------------------------------------


def add_months(period: date, months: int) -> date:
    """The first day of the month `months` after (or before, when negative) `period`'s month."""
    index = period.year * 12 + period.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _month_end(period: date) -> date:
    return add_months(period, 1) - timedelta(days=1)


def payment_deadline(period: date) -> date:
    """Payments for month m are due by the 25th of month m+1 (section 1)."""
    return add_months(period, 1).replace(day=DEADLINE_DAY)


# --- vacation pay (seed 001) -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MonthShare:
    """The part of a sum that falls in one month, by calendar days."""

    period: date
    days: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class VacationMonth:
    """One month of split vacation pay, and what is owed on it."""

    share: MonthShare
    amounts: Amounts


def split_by_days(*, amount: Decimal | int | str, first_day: date, last_day: date) -> tuple[MonthShare, ...]:
    """Split `amount` paid for `first_day`..`last_day` (inclusive) over months by calendar days (seed 001).

    Each month's share is rounded to the tiyn; the last month takes what is left, so the shares add up
    to `amount` exactly. Example: 168 000 for 1 July-25 August (56 days) -> 93 000 and 75 000.
    """
    total = _money(amount)
    if last_day < first_day:
        raise ValueError("last_day before first_day")
    all_days = (last_day - first_day).days + 1
    shares = []
    given = ZERO
    start = first_day
    while start <= last_day:
        end = min(_month_end(start), last_day)
        days = (end - start).days + 1
        share = total - given if end == last_day else round_tiyn(total * days / all_days)
        given += share
        shares.append(MonthShare(start.replace(day=1), days, share))
        start = end + timedelta(days=1)
    return tuple(shares)


def vacation_amounts(
    *,
    rules: RuleBook,
    amount: Decimal | int | str,
    first_day: date,
    last_day: date,
    payer_type: str = "employee",
    preferential: bool = False,
) -> tuple[VacationMonth, ...]:
    """Vacation pay split by calendar days, and the 121/122 owed for each month as its own payment line
    (seed 001: paying it all for the first month leaves the next one unpaid and costs the status)."""
    return tuple(
        VacationMonth(
            share,
            compute_amounts(
                rules=rules,
                payer_type=payer_type,
                period=share.period,
                incomes=(share.amount,),
                preferential=preferential,
            ),
        )
        for share in split_by_days(amount=amount, first_day=first_day, last_day=last_day)
    )


# --- self-payer plan (section 3, seeds 002) -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanLine:
    """One payment to make: KNP 122 for `period`, `amount` KZT, as its own payment line."""

    period: date
    amount: Decimal


@dataclass(frozen=True)
class PaymentPlan:
    """A set of separate monthly payments. `kind` is "prepay_12" or "missing_months"."""

    kind: str
    lines: tuple[PlanLine, ...]
    total: Decimal


@dataclass(frozen=True)
class SelfPayerPlan:
    """Prepaying 12 months (current month first) compared with paying only the missing months.

    `recommended` is the cheaper plan's kind (prepaying on a tie: it buys status further ahead), or None
    when neither is possible. `notes` says why a plan is missing ("prepay_not_before_2022-09-05",
    or a NoRules message such as "no rules for 2027").
    """

    prepay: PaymentPlan | None
    missing: PaymentPlan | None
    recommended: str | None
    notes: tuple[str, ...] = ()


def self_payer_plan(
    *,
    rules: RuleBook,
    on: date,
    missing: Iterable[date] = (),
    shortfalls: Mapping[date, Decimal] | None = None,
) -> SelfPayerPlan:
    """Which months a self-payer should pay, how much each, and the total (section 3, seed 002).

    - prepay: the current month and the next 11, each the self-payer amount of its year, current month
      first (12 months ahead without the current month give no status today). Only from 2022-09-05.
    - missing: only the months given in `missing` (e.g. the `gap` and `underpaid` months of a status),
      oldest first, each the self-payer amount of its year, or the amount in `shortfalls` for that month
      (an underpaid month: pay the difference).
    """
    notes: list[str] = []
    current = on.replace(day=1)

    prepay = None
    if on < PREPAID_FROM:
        notes.append(f"prepay_not_before_{PREPAID_FROM.isoformat()}")
    else:
        try:
            periods = [add_months(current, i) for i in range(12)]
            lines = tuple(PlanLine(p, rules.self_payer_amount(p.year)) for p in periods)
            prepay = PaymentPlan("prepay_12", lines, sum((line.amount for line in lines), ZERO))
        except NoRules as error:
            notes.append(str(error))

    shortfalls = {p.replace(day=1): amount for p, amount in (shortfalls or {}).items()}
    months = sorted({p.replace(day=1) for p in missing} | set(shortfalls))
    plan = None
    if months:
        try:
            lines = tuple(
                PlanLine(p, round_tiyn(shortfalls[p]) if p in shortfalls else rules.self_payer_amount(p.year))
                for p in months
            )
            plan = PaymentPlan("missing_months", lines, sum((line.amount for line in lines), ZERO))
        except NoRules as error:
            notes.append(str(error))

    if prepay is not None and (plan is None or prepay.total <= plan.total):
        recommended: str | None = prepay.kind
    elif plan is not None:
        recommended = plan.kind
    else:
        recommended = None
    return SelfPayerPlan(prepay=prepay, missing=plan, recommended=recommended, notes=tuple(notes))


# --- late-payment penalty (section 4, seed 000) --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Penalty:
    """An employer's penalty for paying `amount` for `period` on `paid_on`.

    `days` are the overdue days, from the day after the deadline through `paid_on` inclusive; `first_day`
    and `last_day` bound them (None when the payment was on time).
    """

    amount: Decimal
    days: int
    first_day: date | None
    last_day: date | None


def late_penalty(*, rules: RuleBook, amount: Decimal | int | str, period: date, paid_on: date) -> Penalty:
    """Penalty = amount x days x 1.25 x base rate / 365, each day at the base rate in force that day,
    summed and rounded half up to the tiyn once (section 4; seed 000; Tax Code 2026, art. 5).

    The deadline is the 25th of the month after `period`; days are counted from the 26th through the
    payment day inclusive. Raises NoRules when a day has no base rate.
    """
    principal = _money(amount)
    first = payment_deadline(period) + timedelta(days=1)
    if paid_on < first:
        return Penalty(ZERO, 0, None, None)
    day_percent = Decimal(0)  # sum over the overdue days of the base rate in percent
    rows = sorted(rules.base_rates, key=lambda row: row.valid_from)
    if not rows or rows[0].valid_from > first:
        raise NoRules(f"no base rate on {first.isoformat()}")
    for i, row in enumerate(rows):
        row_end = rows[i + 1].valid_from - timedelta(days=1) if i + 1 < len(rows) else paid_on
        start, end = max(first, row.valid_from), min(paid_on, row_end)
        if start <= end:
            day_percent += ((end - start).days + 1) * row.percent
    penalty = principal * day_percent * PENALTY_FACTOR / (HUNDRED * DAYS_IN_YEAR)
    return Penalty(round_tiyn(penalty), (paid_on - first).days + 1, first, paid_on)
