"""The API's sign-in: tokens for IIN and password, revoking them, and /me."""

from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token

from accounts import iin
from accounts.forms import SignInForm

pytestmark = pytest.mark.django_db

PASSWORD = "Qalam-2026-secret"  # the citizen fixture's


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def token_for(client, number, password=PASSWORD, **extra):
    return client.post(reverse("v1:auth-token"), {"iin": number, "password": password},
                       content_type="application/json", **extra)  # fmt: skip


def test_iin_and_password_give_a_token_that_signs_in(client, citizen):
    response = token_for(client, citizen.username)
    assert response.status_code == 200 and set(response.json()) == {"token"}
    key = response.json()["token"]
    assert token_for(client, citizen.username).json()["token"] == key  # the same until revoked
    me = client.get(reverse("v1:me"), HTTP_AUTHORIZATION=f"Token {key}")
    assert me.status_code == 200
    assert me.json() == {
        "iin": citizen.username, "last_name": "Ахметова", "first_name": "Айгерим", "middle_name": "",
        "birth_date": "1990-01-01", "email": "c1@example.kz", "phone": "", "language": "kk", "identity_confirmed": True,
    }  # fmt: skip


def test_spaces_around_the_iin_are_forgiven(client, citizen):
    assert token_for(client, f" {citizen.username} ").status_code == 200


def test_a_form_post_works_too(client, citizen):
    response = client.post(reverse("v1:auth-token"), {"iin": citizen.username, "password": PASSWORD})
    assert response.status_code == 200


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_wrong_password_and_unknown_iin_get_the_same_answer(client, citizen, language):
    wrong = token_for(client, citizen.username, "Wrong-password-1", HTTP_ACCEPT_LANGUAGE=language)
    unknown = token_for(client, iin.compose(date(1985, 2, 2), "M", 40), HTTP_ACCEPT_LANGUAGE=language)
    not_an_iin = token_for(client, "staff-login", HTTP_ACCEPT_LANGUAGE=language)
    assert wrong.status_code == unknown.status_code == not_an_iin.status_code == 400
    assert wrong.json() == unknown.json() == not_an_iin.json()
    with translation.override(language):
        expected = str(SignInForm.error_messages["invalid_login"])
    assert wrong.json() == {"error": {"code": "invalid_credentials", "message": expected}}
    assert not Token.objects.exists()


def test_an_inactive_account_gets_no_token(client, citizen):
    citizen.is_active = False
    citizen.save()
    assert token_for(client, citizen.username).json()["error"]["code"] == "invalid_credentials"


def test_missing_fields_are_named(client):
    response = client.post(reverse("v1:auth-token"), {}, content_type="application/json")
    error = response.json()["error"]
    assert response.status_code == 400 and error["code"] == "invalid"
    assert error["fields"]["iin"][0]["code"] == "required" and error["fields"]["password"][0]["code"] == "required"


def test_token_requests_are_limited_per_client(client, citizen):
    with time_machine.travel("2026-03-02 10:00:05+05:00", tick=False):
        codes = [token_for(client, iin.compose(date(1980, 1, 1), "M", n), "x").status_code for n in range(10)]
        assert codes == [400] * 10
        response = token_for(client, citizen.username)  # even the right password waits now
        assert response.status_code == 429 and response.json()["error"]["code"] == "throttled"
        assert token_for(client, citizen.username, REMOTE_ADDR="10.9.9.9").status_code == 200
    with time_machine.travel("2026-03-02 10:01:05+05:00", tick=False):
        assert token_for(client, citizen.username).status_code == 200


def test_token_requests_are_limited_per_iin_across_clients(client, citizen):
    with time_machine.travel("2026-03-02 10:00:05+05:00", tick=False):
        codes = [token_for(client, citizen.username, "guess", REMOTE_ADDR=f"10.0.0.{n}").status_code for n in range(10)]
        assert codes == [400] * 4 + [429] * 6  # the fifth wrong password pauses the account (accounts.lockout)
        assert token_for(client, citizen.username, REMOTE_ADDR="10.0.1.1").status_code == 429
        other = token_for(client, iin.compose(date(1980, 1, 1), "M", 1), "guess", REMOTE_ADDR="10.0.1.1")
        assert other.status_code == 400


def test_revoking_the_token(client, citizen):
    key = token_for(client, citizen.username).json()["token"]
    response = client.delete(reverse("v1:auth-token"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 204 and not Token.objects.exists()
    after = client.get(reverse("v1:me"), HTTP_AUTHORIZATION=f"Token {key}")
    assert after.status_code == 401 and after.json()["error"]["code"] == "authentication_failed"
    assert token_for(client, citizen.username).json()["token"] != key


def test_revoking_needs_sign_in_and_touches_only_ones_own_token(client, citizen, outsider):
    mine = Token.objects.create(user=citizen)
    theirs = Token.objects.create(user=outsider)
    response = client.delete(reverse("v1:auth-token"))
    assert response.status_code == 401 and response.json()["error"]["code"] == "not_authenticated"
    client.delete(reverse("v1:auth-token"), HTTP_AUTHORIZATION=f"Token {theirs.key}")
    assert list(Token.objects.values_list("key", flat=True)) == [mine.key]


def test_me_needs_sign_in_in_json(client):
    response = client.get(reverse("v1:me"), HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 401 and response["Content-Type"] == "application/json"
    assert response.json() == {"error": {"code": "not_authenticated", "message": "Сначала войдите в систему."}}


def test_me_with_the_web_session_and_for_staff(client, staff_member):
    client.force_login(staff_member)
    answer = client.get(reverse("v1:me")).json()
    assert answer["iin"] is None and answer["birth_date"] is None


def test_session_writes_need_the_csrf_token(citizen):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(citizen)
    Token.objects.create(user=citizen)
    response = browser.delete(reverse("v1:auth-token"))
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
    assert Token.objects.exists()


def test_get_is_not_a_way_to_a_token(client):
    response = client.get(reverse("v1:auth-token"))
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"
