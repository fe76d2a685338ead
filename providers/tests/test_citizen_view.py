"""The citizen sees, in their cabinet, which medical organisations looked them up, when and why; nobody else's."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from providers.tests.conftest import MAY_10

pytestmark = pytest.mark.django_db


@pytest.fixture
def looked_up(client, provider, rival, citizen):
    with time_machine.travel(MAY_10, tick=False):
        client.force_login(provider)
        client.post(reverse("providers:front_desk"), {"iin": citizen.username, "reason": "visit"})
        client.force_login(rival)
        client.post(reverse("providers:front_desk"), {"iin": citizen.username, "reason": "admission"})
    client.logout()
    translation.activate("en")  # the pages under this language's URL prefix


def test_the_cabinet_links_to_the_lookups(english, citizen):
    english.force_login(citizen)
    assert reverse("providers:my_lookups") in english.get(reverse("accounts:cabinet")).content.decode()


def test_the_citizen_sees_which_organisations_looked_them_up_and_when(english, citizen, looked_up, provider):
    english.force_login(citizen)
    page = english.get(reverse("providers:my_lookups")).content.decode()
    assert "Polyclinic No. 4" in page and "City Hospital No. 2" in page
    assert "10.05.2025 10:00" in page
    assert "visit to a doctor" in page and "hospital admission" in page
    assert provider.username not in page and "Серікова" not in page  # the organisation, not the employee


def test_another_citizen_sees_none_of_them(english, outsider, looked_up):
    english.force_login(outsider)
    page = english.get(reverse("providers:my_lookups")).content.decode()
    assert "No medical organisation has looked up your status yet." in page
    assert "Polyclinic No. 4" not in page


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("providers:my_lookups"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_many_lookups_are_paged(english, citizen, provider):
    english.force_login(provider)
    with time_machine.travel(MAY_10, tick=False):
        for _ in range(30):
            english.post(reverse("providers:front_desk"), {"iin": citizen.username, "reason": "visit"})
    english.force_login(citizen)
    first = english.get(reverse("providers:my_lookups")).content.decode()
    second = english.get(reverse("providers:my_lookups"), {"page": 2}).content.decode()
    assert first.count("visit to a doctor") == 25 and second.count("visit to a doctor") == 5
    assert "1 / 2" in first
