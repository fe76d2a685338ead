"""Reads for payments: the rules, a person's payments, categories and status.

Other apps (coverage, appeals) ask for a person's status here, never through the models' internals.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import cache

from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from accounts.models import Person
from plumbing import prepared
from plumbing.kept_reads import KeptAMinute

from . import rules, status
from .models import (
    BaseRate,
    CategoryMembership,
    ContributionRate,
    MinimumWage,
    Payment,
    PersonStatus,
    Register,
    StateRate,
    group_of,
)

RULE_TABLES = (MinimumWage, ContributionRate, BaseRate, StateRate)
RULEBOOK_SECONDS = 60  # how long a process keeps the rules and the latest register's arrival it read


def rulebook() -> rules.RuleBook:
    """The rules in force, as the pure calculator wants them.

    Every status page and calculation asks for them and the tables change a few times a year, so a process
    keeps what it read for RULEBOOK_SECONDS: a change saved in this process is seen at once (the tables' signals
    call `forget_rulebook`), other processes see it within the minute."""
    return _kept_rulebook()


def _read_rulebook() -> rules.RuleBook:
    """Four small queries."""
    return rules.RuleBook(
        minimum_wages=tuple(row.as_row() for row in MinimumWage.objects.all()),
        rates=tuple(row.as_row() for row in ContributionRate.objects.all()),
        base_rates=tuple(row.as_row() for row in BaseRate.objects.all()),
        state_rates=tuple(row.as_row() for row in StateRate.objects.all()),
    )


_kept_rulebook = KeptAMinute(_read_rulebook, RULEBOOK_SECONDS)
forget_rulebook = _kept_rulebook.forget


def payment_facts(iin: str, *, on: date | None = None, since: date | None = None) -> list[status.PaymentFact]:
    """The person's payments as the status engine reads them (received on or before `on` when given; for
    periods from `since` on when given: the month strip needs only its own months)."""
    rows = prepared.rows(_WINDOW_PAYMENTS, [iin, on or date.max, since or date.min])
    return [
        status.PaymentFact(period, knp, amount, received_on, sender_id == iin, state == Payment.State.ACCEPTED)
        for period, knp, amount, received_on, sender_id, state in rows
    ]


# The payments of a window of months (every status page reads one). Planning it anew for every page cost 2-3 ms:
# the planner looks at each of the payment table's partitions. Prepared, its plan is kept and the partitions
# outside the window are skipped when it runs.
_WINDOW_PAYMENTS = (
    "SELECT period, knp, amount, received_on, sender_id, state FROM payments_payment "
    "WHERE iin = %s AND received_on <= %s AND period >= %s"
)


def category_spans(iin: str, *, on: date | None = None) -> list[status.CategorySpan]:
    rows = prepared.rows(_CATEGORY_SPANS, [iin, on or date.max])  # every status page asks
    return [status.CategorySpan(code, start, end) for code, start, end in rows]


_CATEGORY_SPANS = (
    'SELECT category_id, start, "end" FROM payments_categorymembership WHERE person_id = %s AND start <= %s'
)


def status_on(iin: str, on: date, *, book: rules.RuleBook | None = None) -> status.Status:
    """A person's status on any past or future date, straight from payments and categories.

    A valid IIN with no record answers like a person with no payments; the birth date in the IIN still
    makes a child exempt.
    """
    book = book or rulebook()
    person = Person.objects.filter(iin=iin).only("birth_date").first()
    birth_date = person.birth_date if person else Person.from_iin(iin).birth_date
    return status.evaluate(
        on=on,
        payments=payment_facts(iin, on=on),
        categories=category_spans(iin, on=on),
        birth_date=birth_date,
        iin=iin,
        self_amounts=book.self_payer_amounts(),
    )


def person_with_status(iin: str) -> tuple[Person | None, PersonStatus | None]:
    """A person and their stored status (None before the first recompute), in one read: the status page's.

    A prepared statement, the models built from its row as the ORM builds them: composing the ORM's query cost
    more than the rest of the read (decision 0016)."""
    rows = prepared.rows(_person_with_status_sql(), [iin])
    if not rows:
        return None, None
    split = len(Person._meta.concrete_fields)
    person = prepared.instance(Person, rows[0][:split])
    if rows[0][split] is None:  # the join found no stored status
        return person, None
    stored = prepared.instance(PersonStatus, rows[0][split:])
    PersonStatus.person.field.set_cached_value(stored, person)
    Person.status.related.set_cached_value(person, stored)
    return person, stored


@cache
def _person_with_status_sql() -> str:
    """Every column of the person, then of their stored status (made when first asked: the models are ready)."""
    quote, key = connection.ops.quote_name, Person._meta.pk.column
    columns = prepared.columns(Person, "p") + prepared.columns(PersonStatus, "s")
    return (
        f"SELECT {', '.join(columns)} FROM {quote(Person._meta.db_table)} p "
        f"LEFT JOIN {quote(PersonStatus._meta.db_table)} s ON s.{quote(PersonStatus._meta.pk.column)} = p.{quote(key)} "
        f"WHERE p.{quote(key)} = %s"
    )


def latest_register_at() -> datetime | None:
    """When the latest payment register arrived. Every status page shows it and it changes a few times a day, so
    a process keeps what it read for RULEBOOK_SECONDS, as it keeps the rules (other processes see a new register
    within the minute; one saved or deleted in this process at once: payments.apps connects
    `forget_latest_register`)."""
    return _kept_latest_register()


_kept_latest_register = KeptAMinute(
    lambda: Register.objects.order_by("-created_at").values_list("created_at", flat=True).first(), RULEBOOK_SECONDS
)
forget_latest_register = _kept_latest_register.forget


def current_status(person: Person | str) -> PersonStatus | None:
    """Today's stored status of a person (or IIN), kept fresh by recomputes; None before the first one."""
    iin = person.iin if isinstance(person, Person) else person
    return PersonStatus.objects.filter(person_id=iin).first()


_STORED_INSURED = "SELECT insured FROM payments_personstatus WHERE iin = %s"


def stored_insured(iin: str) -> bool | None:
    """Only whether today's stored status is insured (the public check's whole answer), or None before the
    person's first recompute. One indexed read without a model around it: the check is the busiest call."""
    rows = prepared.rows(_STORED_INSURED, [iin])
    return bool(rows[0][0]) if rows else None


def payments_of(iin: str, *, year: int | None = None) -> Iterable[Payment]:
    rows = Payment.objects.filter(iin=iin).order_by("-period", "-received_on", "knp")
    if year is not None:
        rows = rows.filter(period__year=year)
    return rows


def status_as_dict(result: status.Status | PersonStatus, *, iin: str = "", on: date | None = None) -> dict:
    """The JSON shape shared by `manage.py osms_status` and the API."""
    if isinstance(result, PersonStatus):
        reasons = [{"code": r["code"], "months": r["months"]} for r in result.reasons]
        insured, basis, lapse = result.insured, result.basis or None, result.lapse_date
    else:
        reasons = [{"code": r.code, "months": r.months} for r in result.reasons]
        insured, basis, lapse = result.insured, result.basis, result.lapse_date
        iin, on = iin or result.iin, on or result.on
    return {
        "iin": iin,
        "on": on.isoformat(),
        "insured": insured,
        "basis": basis,
        "reasons": reasons,
        "lapse_date": lapse.isoformat() if lapse else None,
    }


def status_report(iin: str, *, on: date | None = None) -> dict:
    """`manage.py osms_status IIN [--on DAY]` and the API's own status, as one JSON-ready dict.

    With `on`: computed from the payments and categories known on that day. Without: today's stored status,
    answered live before the person's first recompute. `iin` must be a valid IIN.
    """
    if on is not None:
        return status_as_dict(status_on(iin, on))
    today = timezone.localdate()
    stored = current_status(iin)
    return status_as_dict(stored if stored is not None else status_on(iin, today), iin=iin, on=today)


def parse_period(text: str) -> date:
    """ "YYYY-MM" → the first day of that month; ValueError for anything else."""
    year, month = (int(part) for part in text.split("-"))
    return date(year, month, 1)


def calculation(*, payer_type: str, period: date, incomes: Iterable[str] = ()) -> dict:
    """`manage.py osms_calc` and the API's calculator: what a payer owes for a month, as one JSON-ready dict.

    Raises rules.NoRules for a period without rules, ArithmeticError or ValueError for an income that is not a
    non-negative amount.
    """
    return rules.calculate(rules=rulebook(), payer_type=payer_type, period=period, incomes=incomes)


# --- fund staff's dashboard ------------------------------------------------------------------------------


def payments_by_month(*, months: int = 24, today: date) -> list[dict]:
    """Sum and count of accepted payments per period and KNP, for the last `months` periods."""
    from django.db.models import Count, Sum

    first = date(today.year - (months // 12), today.month, 1)
    rows = (
        Payment.objects.filter(period__gte=first, period__lte=today, state=Payment.State.ACCEPTED)
        .values("period", "knp")
        .annotate(total=Sum("amount"), count=Count("*"))
        .order_by("period", "knp")
    )
    return list(rows)


def status_counts() -> dict[str, int]:
    from django.db.models import Count

    counts = dict(PersonStatus.objects.values_list("insured").annotate(n=Count("*")).order_by())
    return {"insured": counts.get(True, 0), "not_insured": counts.get(False, 0)}


def reasons_by_frequency() -> list[tuple[str, int]]:
    """How many people not insured have each reason code, most frequent first (one SQL aggregate)."""
    sql = (
        "SELECT r->>'code' AS code, count(*) FROM payments_personstatus, "
        "jsonb_array_elements(reasons::jsonb) AS r WHERE NOT insured GROUP BY 1 ORDER BY 2 DESC, 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [(code, count) for code, count in cursor.fetchall()]


# --- published figures (the transparency page, decision 0022) ----------------------------------------------

# The stored statuses counted by region and group. Whether someone else paid the 122 of a person's last covered
# month (an employer, not the person) is one hash join of the statuses with the payments of the periods from the
# earliest such month on: the last two or three periods when the statuses are fresh.
_PAYMENT_BASES = "s.insured AND s.basis IN ('past_twelve', 'prepaid')"
_PEOPLE_BY_GROUP = f"""
SELECT p.region, s.insured, s.basis, paid.iin IS NOT NULL AS paid_by_other, count(*)
FROM payments_personstatus s
JOIN accounts_person p ON p.iin = s.iin
LEFT JOIN (
    SELECT DISTINCT iin, period FROM payments_payment
    WHERE knp = 122 AND state = 'accepted' AND sender_id <> iin AND period >= (
        SELECT min(to_date(s.covered_through, 'YYYY-MM')) FROM payments_personstatus s WHERE {_PAYMENT_BASES})
) paid ON {_PAYMENT_BASES} AND paid.iin = s.iin AND paid.period = to_date(s.covered_through, 'YYYY-MM')
GROUP BY 1, 2, 3, 4
"""


def people_by_group() -> dict[tuple[str, str], int]:
    """Everyone with a stored status, counted by (region, group): one pass over the status table."""
    counts: dict[tuple[str, str], int] = {}
    with connection.cursor() as cursor:
        cursor.execute(_PEOPLE_BY_GROUP)
        for region, insured, basis, paid_by_other, n in cursor.fetchall():
            key = (region, group_of(insured, basis, paid_by_other).value)
            counts[key] = counts.get(key, 0) + n
    return counts


def received_by_month(*, since: date) -> list[tuple[date, int, int, Decimal]]:
    """Accepted OSMS payments received from `since` on, by month of receipt and KNP: (month, knp, count, sum)."""
    from django.db.models import Count, Sum
    from django.db.models.functions import TruncMonth

    rows = (
        Payment.objects.filter(received_on__gte=since, state=Payment.State.ACCEPTED, knp__in=(121, 122))
        .annotate(month=TruncMonth("received_on"))
        .values("month", "knp")
        .annotate(n=Count("*"), total=Sum("amount"))
        .order_by("month", "knp")
    )
    return [(row["month"], row["knp"], row["n"], row["total"]) for row in rows]


# --- registers ---------------------------------------------------------------------------------------------


def register_progress_key(register_id: int) -> str:
    """The cache key under which an import reports how far it got ({"done", "total"})."""
    return f"register-progress:{register_id}"


def register_progress(register_id: int) -> dict:
    """How far the import of a register got ({"done", "total"}), or {} when nothing is known (or the cache is down)."""
    try:
        return caches["default"].get(register_progress_key(register_id)) or {}
    except Exception:  # progress is a courtesy: an unavailable cache shows none
        return {}


def register_iins(register_id: int) -> list[str]:
    """Everyone a register touched: the people its payments name, or the members its category registry recorded."""
    if Register.objects.filter(pk=register_id, kind=Register.Kind.CATEGORIES).exists():
        members = CategoryMembership.objects.filter(source=f"register:{register_id}")
        return list(members.values_list("person_id", flat=True).distinct())
    return list(Payment.objects.filter(register_id=register_id).values_list("iin", flat=True).distinct())


# --- employer arrears (decision 0021): read from the aggregate table, never from payments ------------------------

ARREARS_ORDER = {"bin": "bin", "name": "name", "people": "people", "months": "months", "missing": "missing"}


def arrears_by_employer(*, month: date | None = None, order: str = "-missing"):
    """The fund's report: per employer (BIN, name) the people affected, the months and the amount missing, counting
    only rows where the employer paid fully for other people that month (an employer with one employee is not
    compared with anyone). `order` is a key of ARREARS_ORDER, "-" in front for descending."""
    from django.db.models import Count, Max, Min, Sum

    rows = _reported(month)
    field = ARREARS_ORDER.get(order.lstrip("-"), "missing")
    descending = order.startswith("-")
    summary = rows.values("bin").annotate(
        name=Max("name"), people=Count("iin", distinct=True), months=Count("period", distinct=True),
        first=Min("period"), last=Max("period"), missing=Sum("amount_missing"), rows=Count("id"),
    )  # fmt: skip
    key = f"-{field}" if descending else field
    return summary.order_by(key, "bin")


def arrears_rows(*, month: date | None = None):
    """The report's rows, person by person (its CSV)."""
    return _reported(month).order_by("bin", "iin", "period")


def _reported(month: date | None):
    """The rows the report counts: the employer paid fully for other people that month; one month's, or all."""
    from .models import EmployerArrear

    rows = EmployerArrear.objects.filter(others_paid=True)
    if month is not None:
        rows = rows.filter(period=month.replace(day=1))
    return rows


# Every status page asks it, and most people have no row: a prepared read (decision 0016). Through the ORM the
# status page cost 15.7-15.9 times the trivial view's CPU, prepared 13.0-13.5 (loadtest/inprocess.py, 07.12.2026).
_ARREARS_OF = (
    "SELECT bin, name, period, paid_before, paid_after FROM payments_employerarrear WHERE iin = %s ORDER BY bin, period"
)


def arrears_of(iin: str) -> list[dict]:
    """The signed-in person's arrears sentences, one per employer: its BIN and name, the months it paid for them
    next to the months it did not, and the months it did not (from the aggregate table, by index)."""
    found: dict[str, dict] = {}
    for bin_, name, period, paid_before, paid_after in prepared.rows(_ARREARS_OF, [iin]):
        item = found.setdefault(bin_, {"bin": bin_, "name": name, "paid": set(), "unpaid": []})
        item["name"] = item["name"] or name
        item["unpaid"].append(period)
        item["paid"].update(p for p in (paid_before, paid_after) if p is not None)
    for item in found.values():
        item["paid"] = sorted(item["paid"] - set(item["unpaid"]))
    return list(found.values())
