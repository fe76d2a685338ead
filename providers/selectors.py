"""Reads for the front desk: who may look up, the answer about a patient, and the look-ups already made.

A patient's status comes from payments' selectors and the packages from coverage's, never from their models.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from accounts.models import Person, User
from coverage import eligibility
from coverage import selectors as coverage_selectors
from coverage.models import MedicalOrganisation
from payments.selectors import current_status, status_as_dict, status_on

from .answers import Answer, PackageLine, initials
from .models import ProviderAccount, ProviderLookup, ProviderOrganisation

# Access states
NOT_PROVIDER = "not_provider"
ACCOUNT_DISABLED = "account_disabled"
ORGANISATION_DISABLED = "organisation_disabled"
ALLOWED = "allowed"


@dataclass(frozen=True)
class Access:
    state: str
    account: ProviderAccount | None = None
    switch: ProviderOrganisation | None = None

    @property
    def allowed(self) -> bool:
        return self.state == ALLOWED

    @property
    def organisation(self) -> MedicalOrganisation | None:
        return self.account.organisation if self.account else None


def provider_access(user: User) -> Access:
    """The one place that says whether a user may look patients up, and if not, why.

    Allowed only for an active login with an active provider account, whose organisation is an active supplier
    of the fund with provider access switched on.
    """
    if not user.is_authenticated:
        return Access(NOT_PROVIDER)
    account = ProviderAccount.objects.select_related("organisation").filter(user_id=user.pk).first()
    if account is None:
        return Access(NOT_PROVIDER)
    if not account.active or not user.is_active:
        return Access(ACCOUNT_DISABLED, account)
    organisation = account.organisation
    switch = ProviderOrganisation.objects.filter(organisation=organisation).first()
    usable = organisation.active and organisation.is_fund_supplier and switch is not None and switch.access_enabled
    if not usable:
        return Access(ORGANISATION_DISABLED, account, switch)
    return Access(ALLOWED, account, switch)


def packages_today(today: date) -> list:
    """The published package versions in force today, GOBMP (base part) first."""
    return [p for p in coverage_selectors.versions() if coverage_selectors.is_in_force(p, today)]


def front_desk_answer(iin: str, *, today: date) -> Answer:
    """What the front desk may know about a patient today.

    The stored status when there is one (kept fresh by recomputes), else the live one: an IIN the registry does
    not know answers like a person with no payments, except that a child under 18 (by the IIN's birth date) is
    exempt, as `payments.selectors.status_on` decides.
    """
    person = Person.objects.filter(iin=iin).only("iin", "first_name", "last_name", "residency").first()
    stored = current_status(iin)
    status = status_as_dict(stored, iin=iin, on=today) if stored is not None else status_as_dict(status_on(iin, today))
    insured = bool(status["insured"])
    residency = person.residency if person is not None else "citizen"
    lines, unified = [], False
    for package in packages_today(today):
        try:
            part = eligibility.part_of(package.kind, package.code)
        except ValueError:
            continue
        unified = unified or package.kind == "unified"
        decision = eligibility.decide(residency, insured, part, None)
        lines.append(
            PackageLine(package.code, package.version, package.name, part, decision.available, decision.limited)
        )
    lapse = status["lapse_date"]
    return Answer(
        iin=iin,
        on=today,
        in_registry=person is not None,
        initials=initials(person.first_name, person.last_name) if person is not None else "",
        insured=insured,
        basis=status["basis"] or None,
        lapse_date=date.fromisoformat(lapse) if lapse else None,
        reasons=[] if insured else [{"code": r["code"], "months": list(r["months"])} for r in status["reasons"]],
        packages=lines,
        unified=unified,
    )


# --- look-ups already made -----------------------------------------------------------------------------------


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """From the start of `first` to the start of the day after `last`, in the portal's time zone."""
    zone = timezone.get_current_timezone()
    return datetime.combine(first, time.min, zone), datetime.combine(last + timedelta(days=1), time.min, zone)


def lookups_of_patient(iin: str) -> QuerySet[ProviderLookup]:
    """The look-ups of one person, newest first: for their own cabinet."""
    return ProviderLookup.objects.filter(iin=iin).select_related("organisation").order_by("-at", "-id")


def recent_lookups(account: ProviderAccount, *, today: date, limit: int = 10) -> list[ProviderLookup]:
    """The signed-in employee's own look-ups today, for their organisation only."""
    start, end = day_bounds(today, today)
    rows = ProviderLookup.objects.filter(
        user_id=account.user_id, organisation_id=account.organisation_id, at__gte=start, at__lt=end
    )
    return list(rows.order_by("-at", "-id")[:limit])


def lookups_today(organisation_id: int, *, today: date) -> int:
    start, end = day_bounds(today, today)
    return ProviderLookup.objects.filter(organisation_id=organisation_id, at__gte=start, at__lt=end).count()


def lookups_in_period(first: date, last: date, *, organisation_id: int | None = None) -> QuerySet[ProviderLookup]:
    start, end = day_bounds(first, last)
    rows = ProviderLookup.objects.filter(at__gte=start, at__lt=end)
    if organisation_id is not None:
        rows = rows.filter(organisation_id=organisation_id)
    return rows


@dataclass(frozen=True)
class OrganisationCount:
    organisation: MedicalOrganisation
    lookups: int
    patients: int
    last_at: datetime


def counts_by_organisation(first: date, last: date) -> list[OrganisationCount]:
    """Look-ups, distinct patients and the latest look-up per organisation in a period, busiest first."""
    rows = list(
        lookups_in_period(first, last)
        .values("organisation_id")
        .annotate(lookups=Count("id"), patients=Count("iin", distinct=True), last_at=Max("at"))
        .order_by("-lookups", "organisation_id")
    )
    organisations = MedicalOrganisation.objects.in_bulk([row["organisation_id"] for row in rows])
    return [
        OrganisationCount(organisations[row["organisation_id"]], row["lookups"], row["patients"], row["last_at"])
        for row in rows
    ]
