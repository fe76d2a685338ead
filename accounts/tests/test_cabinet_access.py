"""The cabinet shows only the signed-in citizen's own person (personas: owner, staff, outsider)."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("accounts:cabinet"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_owner_sees_own_record_and_outsider_sees_only_theirs(client, citizen, outsider):
    client.force_login(outsider)
    page = client.get(reverse("accounts:cabinet")).content.decode()
    assert outsider.username in page
    assert citizen.username not in page and citizen.person.last_name not in page


def test_staff_without_a_person_is_pointed_to_the_admin(client, staff_member):
    translation.activate("en")  # the pages under this language's URL prefix
    client.force_login(staff_member)
    response = client.get(reverse("accounts:cabinet"))
    assert "not linked to a person" in response.content.decode()


def test_contact_details_change_only_the_signed_in_account(client, citizen, outsider):
    client.force_login(citizen)
    response = client.post(
        reverse("accounts:contacts"), {"email": "new@example.kz", "phone": "+7 701 234 56 78", "language": "ru"}
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    outsider.refresh_from_db()
    assert (citizen.email, citizen.phone, citizen.language) == ("new@example.kz", "+77012345678", "ru")
    assert outsider.email == "c2@example.kz"


def test_contact_details_reject_a_bad_phone(client, citizen):
    translation.activate("en")  # the pages under this language's URL prefix
    client.force_login(citizen)
    response = client.post(
        reverse("accounts:contacts"),
        {"email": "a@example.kz", "phone": "12", "language": "kk"},
    )
    assert "Enter a phone number" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.phone == ""
