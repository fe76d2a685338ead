"""A small hand-made country: one person per group, a few appeals and organisations, on 10 March 2026."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts import iin as iin_rules
from accounts.models import Person
from payments.models import Payment, Register
from payments.services.recompute import status_recompute
from payments.tests.factories import months, pay_self, person

TODAY = date(2026, 3, 10)
EMPLOYER = "000140000007"  # a BIN: only its length matters to a payment row
ALMATY_TIME = ZoneInfo("Asia/Almaty")


def pay_employer(p: Person, periods: list[str], *, transfers: str = "2550", contributions: str = "1700") -> None:
    """An employer's 121 and 122 for each month, received on the 10th of the month after."""
    register, _ = Register.objects.get_or_create(name="employer.csv")
    rows = []
    for n, label in enumerate(periods):
        period = date(int(label[:4]), int(label[5:]), 1)
        received = date(period.year + (period.month == 12), period.month % 12 + 1, 10)
        for knp, amount in ((121, transfers), (122, contributions)):
            rows.append(Payment(register=register, received_on=received, number=f"E{knp}-{n}", knp=knp,
                                sender_id=EMPLOYER, sender_name="ТОО Жұмыс", iin=p.iin, amount=Decimal(amount),
                                period=period))  # fmt: skip
    Payment.objects.bulk_create(rows)


@dataclass
class Country:
    employee: Person
    self_payer: Person
    child: Person
    retained: Person
    unpaid: Person
    nowhere: Person


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime(2026, 3, 10, 12, 0, tzinfo=ALMATY_TIME))
    return TODAY


@pytest.fixture
def country(db, today) -> Country:
    people = Country(
        employee=person(1, region="astana"),
        self_payer=person(2, region="astana"),
        child=person(3, born=date(2015, 6, 1), region="almaty"),
        retained=person(4, region="astana"),
        unpaid=person(5, region="almaty"),
        nowhere=person(6, region=""),
    )
    pay_employer(people.employee, months("2024-01", "2026-01"))
    pay_self(people.self_payer, months("2024-01", "2026-01"))
    pay_self(people.retained, months("2020-01", "2025-10"))  # 70 months: retention from 2026, nothing before
    status_recompute(iins=Person.objects.values_list("iin", flat=True), trigger="test")
    return people


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour), ALMATY_TIME)


@pytest.fixture
def make_organisation(db):
    from coverage.models import MedicalOrganisation

    def make(serial: int, *, region: str) -> MedicalOrganisation:
        bin_ = iin_rules.compose(date(2001, 1, 1), "M", serial)  # any number with a good check digit
        return MedicalOrganisation.objects.create(bin=bin_, name=f"Емхана №{serial}", region=region, kind="polyclinic")

    return make


@pytest.fixture
def make_appeal(db):
    """An appeal filed through the service, then moved to the dates a test needs (registered, due, answered)."""
    from appeals import services
    from appeals.models import Appeal

    def make(
        *, region, registered, due, answered=None, extended=None, channel="web", organisation=None, kind="care_refused"
    ):
        filed = services.appeal_submit(
            kind=kind, region=region, description="Қабылдамады.", event_date=registered, organisation=organisation,
            organisation_name="" if organisation else "Емхана", name="Мұратов Ерболат",
            iin=iin_rules.compose(date(1985, 3, 14), "M", 77), email="erbolat@example.kz",
        )  # fmt: skip
        Appeal.objects.filter(pk=filed.appeal.pk).update(
            registered_on=registered, due_date=due, extended_until=extended, channel=channel,
            answered_at=at(answered) if answered else None, state="answered" if answered else "registered",
        )  # fmt: skip
        return filed.appeal

    return make
