"""Personas for the front desk: a receptionist of one clinic (provider), one of another clinic (rival), patients
with known payments, and the clinics themselves. Look-up counters live in the cache: each test starts empty."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import translation

from accounts import iin as iin_rules
from accounts.models import Person
from coverage.models import MedicalOrganisation
from payments.tests.factories import months, pay_self
from providers.services import provider_account_open

ALMATY = ZoneInfo("Asia/Almaty")
# 10 May 2025: M = 2025-05, the latest month due is L = 2025-03 (the 25th has not passed).
MAY_10 = datetime(2025, 5, 10, 10, 0, 5, tzinfo=ALMATY)
PASSWORD = "Front-desk-2026!"


def bin_number(serial: int) -> str:
    return iin_rules.compose(date(1998, 3, 1), "M", 5000 + serial)


def adult_iin(serial: int) -> str:
    return iin_rules.compose(date(1985, 6, 15), "F", serial)


@pytest.fixture(autouse=True)
def empty_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clinic(db):
    return MedicalOrganisation.objects.create(
        bin=bin_number(1), name="Polyclinic No. 4", region="astana", kind="polyclinic", address="Demo street 4"
    )


@pytest.fixture
def other_clinic(db):
    return MedicalOrganisation.objects.create(
        bin=bin_number(2), name="City Hospital No. 2", region="astana", kind="hospital"
    )


def open_account(organisation, serial: int, **names):
    account = provider_account_open(
        iin=adult_iin(9000 + serial),
        last_name=names.get("last_name", "Серікова"),
        first_name=names.get("first_name", "Гүлнар"),
        email=f"desk{serial}@clinic.example.kz",
        organisation=organisation,
    )
    account.user.set_password(PASSWORD)
    account.user.save()
    return account


@pytest.fixture
def provider(clinic):
    """A receptionist of the clinic: allowed to look patients up."""
    return open_account(clinic, 1).user


@pytest.fixture
def rival(other_clinic):
    """A receptionist of another clinic: must never see the first clinic's look-ups."""
    return open_account(other_clinic, 2, last_name="Омаров", first_name="Бауыржан").user


def patient(serial: int, paid: list[str], **fields) -> Person:
    fields.setdefault("first_name", "Айгерим")
    fields.setdefault("last_name", "Қасымова")
    fields.setdefault("middle_name", "Серікқызы")
    person = Person.from_iin(adult_iin(serial), **fields)
    person.save()
    if paid:
        pay_self(person, paid)
    return person


@pytest.fixture
def insured_patient(db):
    """Paid every month of the window 2024-04 … 2025-03: insured on 10 May 2025, until 25 May 2025."""
    return patient(11, months("2024-04", "2025-03"))


@pytest.fixture
def gap_patient(db):
    """Paid 2024-04 … 2025-01, nothing for 2025-02 and 2025-03."""
    return patient(12, months("2024-04", "2025-01"), first_name="Ерлан", last_name="Байжанов", middle_name="")


@pytest.fixture
def english(client):
    translation.activate("en")  # the pages under this language's URL prefix
    return client
