"""The demo receptionist: one login linked to the demo polyclinic, signing in on the portal; loading it twice
changes nothing."""

import pytest
from django.urls import reverse

from coverage.organisations import load_demo as load_demo_organisations
from providers import demo
from providers.models import ProviderAccount, ProviderOrganisation

pytestmark = pytest.mark.django_db


def test_the_demo_provider_signs_in_and_lands_on_the_front_desk(client):
    load_demo_organisations()
    account = demo.load()
    assert demo.load() == account and ProviderAccount.objects.count() == 1
    assert account.organisation.bin == demo.DEMO_BIN and account.user.person is None
    assert ProviderOrganisation.objects.get(organisation=account.organisation).access_enabled
    response = client.post(
        reverse("accounts:login"), {"username": account.user.username, "password": demo.PROVIDER_PASSWORD}
    )
    assert response["Location"] == reverse("providers:front_desk")
    assert client.get(response["Location"]).status_code == 200
