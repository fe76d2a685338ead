from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts import iin
from accounts.models import Person, User

pytestmark = pytest.mark.django_db

NEW_IIN = iin.compose(date(1992, 4, 5), "M", 77)
GOOD = {
    "iin": NEW_IIN,
    "last_name": "Сапаров",
    "first_name": "Бекзат",
    "middle_name": "",
    "email": "bekzat@example.kz",
    "password1": "Jaqsy-qupiya-söz-7",
    "password2": "Jaqsy-qupiya-söz-7",
}


def signup(client, **changes):
    translation.activate("en")  # the pages under this language's URL prefix
    return client.post(reverse("accounts:signup"), {**GOOD, **changes})


def test_signup_opens_an_account_that_waits_for_an_identity_check(client):
    response = signup(client)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:cabinet")
    user = User.objects.get(username=NEW_IIN)
    assert user.person is None and user.awaits_confirmation
    assert not Person.objects.exists()  # signing up writes nothing to the registry
    page = client.get(reverse("accounts:cabinet")).content.decode()
    assert "Confirm your identity to see your data" in page


def test_signup_neither_checks_nor_reveals_the_registrys_name_for_an_iin(client):
    Person.objects.create(iin=NEW_IIN, last_name="Омаров", first_name="Бекзат", region="astana")
    response = signup(client)  # another surname: no "does not match", which would tell a stranger it is wrong
    assert response.status_code == 302
    assert User.objects.get(username=NEW_IIN).person is None
    assert Person.objects.get().last_name == "Омаров"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12345", "exactly 12 digits"),
        ("12345678901x", "digits only"),
        (NEW_IIN[:11] + str((int(NEW_IIN[11]) + 1) % 10), "check digit"),
    ],
)
def test_signup_explains_a_malformed_iin(client, value, message):
    response = signup(client, iin=value)
    assert message in response.content.decode()
    assert not User.objects.exists() and not Person.objects.exists()


def test_signup_refuses_an_iin_that_already_has_an_account(client, citizen):
    response = signup(client, iin=citizen.username)
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1


def test_signup_applies_password_rules(client):
    response = signup(client, password1="12345678", password2="12345678")
    assert "This password is too short" in response.content.decode()
    response = signup(client, password2="something-else-2026")
    assert "The two passwords differ" in response.content.decode()
    assert not User.objects.exists()


def test_signup_error_is_translated(client):
    translation.activate("ru")  # the pages under this language's URL prefix
    response = client.post(reverse("accounts:signup"), {**GOOD, "iin": "12"})
    assert "12 цифр" in response.content.decode()


def test_sign_in_with_iin_and_password(client, citizen):
    response = client.post(reverse("accounts:login"), {"username": citizen.username, "password": "Qalam-2026-secret"})
    assert response.status_code == 302
    assert client.get(reverse("accounts:cabinet")).context["person"] == citizen.person


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_wrong_password_gets_a_clear_message_once(client, citizen, language):

    with translation.override(language):
        message = translation.gettext(
            "The IIN or the password is wrong. Check both and try again; the password is case-sensitive."
        )
    translation.activate(language)  # the pages under this language's URL prefix
    response = client.post(reverse("accounts:login"), {"username": citizen.username, "password": "nope"})
    assert language == "en" or not message.startswith("The IIN")  # translated
    assert response.content.decode().count(message) == 1


def test_sign_out_is_a_post(client, citizen):
    client.force_login(citizen)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("accounts:cabinet")).status_code == 302


def test_password_reset_by_email(client, citizen):
    client.post(reverse("accounts:password_reset"), {"email": citizen.email})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_url = client.get(path).url  # Django swaps the token for a session marker
    response = client.post(form_url, {"new_password1": "Jana-qupiya-2026", "new_password2": "Jana-qupiya-2026"})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password("Jana-qupiya-2026")


def test_password_reset_for_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.kz"})
    assert response.status_code == 302 and len(mail.outbox) == 0
