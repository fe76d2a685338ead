"""The front-desk page: IIN and reason in; initials, insured or not, basis, lapse date, what applies today and why
not, out. Nothing more: no full name, no amounts, no employers."""

import re
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts import iin as iin_rules
from accounts.models import AccessRecord
from payments.services.recompute import status_recompute
from providers.models import ProviderLookup
from providers.selectors import front_desk_answer
from providers.tests.conftest import ALMATY, MAY_10, adult_iin, patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(english, provider):
    english.force_login(provider)
    with time_machine.travel(MAY_10, tick=False):
        yield english


def look_up(client, iin: str, reason: str = "visit"):
    return client.post(reverse("providers:front_desk"), {"iin": iin, "reason": reason})


def test_the_empty_form_has_labels_and_no_script(desk):
    response = desk.get(reverse("providers:front_desk"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'for="id_iin"' in page and "<legend" in page and "Reason for the look-up" in page
    scripts = re.findall(r"<script[^>]*>", page)  # the header's menu helper only: the form needs none
    assert scripts == ['<script src="/static/js/menu.js">']
    assert 'inputmode="numeric"' in page and 'name="viewport"' in page
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_an_insured_patient(desk, insured_patient):
    response = look_up(desk, insured_patient.iin)
    page = response.content.decode()
    assert response.status_code == 200
    assert "✔</span> Insured" in page
    assert "А. Қ." in page and "twelve covered months" in page and "25.05.2025" in page
    assert "GOBMP + OSMS" in page
    for secret in ("Айгерим", "Қасымова", "Серікқызы", "4250", "4 250", "₸"):
        assert secret not in page


def test_a_patient_with_a_gap_is_told_why_in_one_line(desk, gap_patient):
    page = look_up(desk, gap_patient.iin, "referral").content.decode()
    assert "Not insured" in page and "Е. Б." in page
    assert "no contributions for 2025-02 and 2025-03" in page
    assert "GOBMP only" in page
    assert "Байжанов" not in page


def test_the_stored_status_gives_the_same_answer(insured_patient, gap_patient):
    with time_machine.travel(MAY_10, tick=False):
        live = [front_desk_answer(p.iin, today=date(2025, 5, 10)).as_dict() for p in (insured_patient, gap_patient)]
        status_recompute(iins=[insured_patient.iin, gap_patient.iin], trigger="test")
        stored = [front_desk_answer(p.iin, today=date(2025, 5, 10)).as_dict() for p in (insured_patient, gap_patient)]
    assert stored == live


def test_an_unknown_adult_is_not_insured_with_no_record_and_no_error_page(desk):
    unknown = adult_iin(4321)
    response = look_up(desk, unknown)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Not insured" in page and "no record in the registry" in page
    assert ProviderLookup.objects.get().iin == unknown


def test_an_unknown_child_is_exempt_by_the_birth_date_in_the_iin(desk):
    child = iin_rules.compose(date(2016, 2, 3), "M", 77)
    page = look_up(desk, child).content.decode()
    assert "✔</span> Insured" in page
    assert "preferential category (the state pays)" in page
    assert "GOBMP + OSMS" in page


def test_a_temporary_resident_gets_tmkkk_for_dangerous_diseases_only(desk):
    foreigner = patient(31, [], residency="temporary_foreigner")
    page = look_up(desk, foreigner.iin).content.decode()
    assert "GOBMP, diseases dangerous to others only" in page


def test_from_2026_the_unified_package_parts_are_named(english, provider, gap_patient):
    english.force_login(provider)
    child = iin_rules.compose(date(2015, 9, 1), "F", 12)
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=ALMATY), tick=False):
        insured_page = look_up(english, child).content.decode()
        not_insured_page = look_up(english, gap_patient.iin).content.decode()
    assert "Unified package: base part and insurance part" in insured_page
    assert "Unified package: base part only" in not_insured_page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12345", "An IIN has exactly 12 digits."),
        ("85061540011x", "An IIN has digits only."),
        ("850615400116", "check digit"),
    ],
)
def test_an_invalid_iin_is_a_form_error(desk, typed, message):
    response = look_up(desk, typed)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProviderLookup.objects.exists() and not AccessRecord.objects.exists()


def test_a_missing_reason_is_a_form_error(desk, insured_patient):
    response = desk.post(reverse("providers:front_desk"), {"iin": insured_patient.iin})
    assert response.status_code == 400
    assert "Choose the reason for the look-up." in response.content.decode()
    assert not ProviderLookup.objects.exists()


def test_an_unknown_reason_is_refused(desk, insured_patient):
    response = look_up(desk, insured_patient.iin, "curiosity")
    assert response.status_code == 400
    assert not ProviderLookup.objects.exists()


def test_every_lookup_is_stored_with_organisation_user_patient_reason_and_time(desk, provider, insured_patient):
    look_up(desk, insured_patient.iin, "admission")
    lookup = ProviderLookup.objects.get()
    assert (lookup.organisation, lookup.user, lookup.iin) == (
        provider.provider_account.organisation,
        provider,
        insured_patient.iin,
    )
    assert (lookup.reason, lookup.channel, lookup.insured, lookup.at) == ("admission", "page", True, MAY_10)


def test_the_page_lists_the_employees_own_lookups_today_masked(desk, insured_patient, gap_patient):
    look_up(desk, insured_patient.iin)
    page = look_up(desk, gap_patient.iin).content.decode()
    assert "Your look-ups today" in page
    assert f"••••{gap_patient.iin[8:]}" in page
    assert "Your organisation has made 2 of 2000 look-ups today." in page


def test_the_page_is_kazakh_by_default(client, provider):
    client.force_login(provider)
    page = client.get(reverse("providers:front_desk")).content.decode()
    assert 'lang="kk"' in page
