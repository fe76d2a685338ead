"""Personas and helpers for appeals: the citizen (owner), the outsider, staff, an appeals officer, a supervisor."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from accounts import iin as iin_rules
from accounts import roles

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
ANONYMOUS_IIN = iin_rules.compose(date(1985, 3, 14), "M", 77)


def pdf(name="scan.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_bin(serial: int) -> str:
    while True:
        head = f"0505400{serial:04d}"
        digit = iin_rules.check_digit(head)
        if digit is not None:
            return head + str(digit)
        serial += 1


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Uploads go to a temporary folder; rate-limit counters start from zero."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _letters_at_once(monkeypatch):
    """Services send letters on commit; a test's transaction never commits, so here they go at once."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def english(client):
    translation.activate("en")  # the pages under this language's URL prefix
    return client


def _staff(username: str, role: str):
    from accounts.models import User

    user = User.objects.create_user(
        username, password="Staff-pass-2026", is_staff=True, email=f"{username}@fund.example.kz", language="en"
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def officer(db):
    return _staff("officer1", roles.APPEALS_OFFICER)


@pytest.fixture
def supervisor(db):
    return _staff("supervisor1", roles.APPEALS_SUPERVISOR)


@pytest.fixture
def make_organisation(db):
    from coverage.models import MedicalOrganisation

    def make(serial: int = 1, *, name="Емхана №1", region="astana"):
        return MedicalOrganisation.objects.create(bin=make_bin(serial), name=name, region=region, kind="polyclinic")

    return make


@pytest.fixture
def organisation(make_organisation):
    return make_organisation(1)


@pytest.fixture
def file_appeal(db, organisation):
    """File an appeal through the service: anonymous by default, as `user` when given."""
    from appeals import services

    def file(**fields):
        values = {
            "kind": "care_refused",
            "region": "astana",
            "organisation": organisation,
            "event_date": timezone.localdate(),
            "description": "Отказали в приёме у терапевта.",
        }
        if "user" not in fields:
            values.update(name="Мұратов Ерболат", iin=ANONYMOUS_IIN, email="erbolat@example.kz")
        values.update(fields)
        return services.appeal_submit(**values)

    return file


@pytest.fixture
def insure():
    """Give a person a stored status (insured or not), as the nightly recompute would."""
    from payments.models import PersonStatus

    def set_status(person, insured=True):
        PersonStatus.objects.update_or_create(
            person=person,
            defaults={"insured": insured, "basis": "past_twelve" if insured else "", "computed_at": timezone.now()},
        )

    return set_status
