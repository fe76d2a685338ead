"""Who gets the front desk: provider accounts only, switched on, of an organisation switched on. Sign-in through
the portal (never the admin), landing on the front desk; an expired session goes to sign-in and comes back."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from accounts.models import AccessRecord
from providers.models import ProviderLookup, ProviderOrganisation
from providers.tests.conftest import MAY_10, PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_sign_in_and_nothing_is_looked_up(client, insured_patient):
    desk, sign_in = reverse("providers:front_desk"), reverse("accounts:login")
    assert client.get(desk)["Location"] == f"{sign_in}?next={desk}"
    response = client.post(desk, {"iin": insured_patient.iin, "reason": "visit"})
    assert response.status_code == 302 and response["Location"].startswith(sign_in)
    assert not ProviderLookup.objects.exists()


@pytest.mark.parametrize("persona", ["citizen", "staff_member"])
def test_a_citizen_or_fund_staff_gets_no_front_desk(request, english, persona, insured_patient):
    english.force_login(request.getfixturevalue(persona))
    desk = reverse("providers:front_desk")
    response = english.get(desk)
    assert response.status_code == 403
    assert "for staff of medical organisations" in response.content.decode()
    assert english.post(desk, {"iin": insured_patient.iin, "reason": "visit"}).status_code == 403
    assert not ProviderLookup.objects.exists() and not AccessRecord.objects.exists()


def test_a_switched_off_account_cannot_look_anyone_up(english, provider, insured_patient):
    account = provider.provider_account
    account.active = False
    account.save()
    english.force_login(provider)
    response = english.post(reverse("providers:front_desk"), {"iin": insured_patient.iin, "reason": "visit"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Your provider account is switched off" in page and 'name="iin"' not in page
    assert not ProviderLookup.objects.exists()


@pytest.mark.parametrize("how", ["switch_off", "organisation_inactive", "not_a_supplier", "no_switch"])
def test_a_switched_off_organisation_cannot_look_anyone_up(english, provider, clinic, insured_patient, how):
    if how == "switch_off":
        ProviderOrganisation.objects.filter(organisation=clinic).update(access_enabled=False)
    elif how == "organisation_inactive":
        clinic.active = False
        clinic.save()
    elif how == "not_a_supplier":
        clinic.is_fund_supplier = False
        clinic.save()
    else:
        ProviderOrganisation.objects.filter(organisation=clinic).delete()
    english.force_login(provider)
    response = english.post(reverse("providers:front_desk"), {"iin": insured_patient.iin, "reason": "visit"})
    assert response.status_code == 403
    assert "access to the register of insured people is switched off" in response.content.decode()
    assert not ProviderLookup.objects.exists()


def test_a_provider_signs_in_on_the_portal_and_lands_on_the_front_desk(client, provider):
    response = client.post(reverse("accounts:login"), {"username": provider.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("providers:front_desk")


def test_a_citizen_still_lands_in_the_cabinet(client, citizen):
    response = client.post(reverse("accounts:login"), {"username": citizen.username, "password": "Qalam-2026-secret"})
    assert response["Location"] == reverse("accounts:cabinet")


def test_a_provider_cannot_use_the_admin(client, provider):
    client.force_login(provider)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_expired_session_goes_to_sign_in_and_back(client, settings, provider, insured_patient):
    desk, sign_in = reverse("providers:front_desk"), reverse("accounts:login")
    with time_machine.travel(MAY_10, tick=False) as clock:
        client.post(sign_in, {"username": provider.username, "password": PASSWORD})
        assert client.get(desk).status_code == 200
        clock.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
        cache.clear()  # Redis expires its copy of the session on its own clock, which time-machine cannot move
        response = client.post(desk, {"iin": insured_patient.iin, "reason": "visit"})
        assert response.status_code == 302 and response["Location"] == f"{sign_in}?next={desk}"
        assert not ProviderLookup.objects.exists()
        back = client.post(
            f"{sign_in}?next={desk}", {"username": provider.username, "password": PASSWORD, "next": desk}
        )
        assert back["Location"] == desk
        assert client.post(desk, {"iin": insured_patient.iin, "reason": "visit"}).status_code == 200
    assert ProviderLookup.objects.count() == 1


def test_a_provider_does_not_see_another_organisations_lookups(english, provider, rival, insured_patient):
    client = english
    with time_machine.travel(MAY_10, tick=False):
        client.force_login(provider)
        client.post(reverse("providers:front_desk"), {"iin": insured_patient.iin, "reason": "visit"})
        client.force_login(rival)
        page = client.get(reverse("providers:front_desk")).content.decode()
    assert f"••••{insured_patient.iin[8:]}" not in page
    assert insured_patient.iin not in page
    assert "Your organisation has made 0 of 2000 look-ups today." in page


def test_a_provider_is_not_a_citizen_here(client, provider):
    client.force_login(provider)
    assert client.get(reverse("providers:my_lookups")).status_code == 404
