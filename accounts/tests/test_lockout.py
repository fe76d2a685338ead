"""Sign-in brute force: repeated failures pause signing in, per account and per client address, on the portal's
sign-in, the admin's and the API's token endpoint; the pause ends by itself or with a password reset. Also: a
session ends after inactivity."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from accounts import iin, lockout
from accounts.models import SignInFailure

pytestmark = pytest.mark.django_db

PASSWORD = "Qalam-2026-secret"


START = "2026-03-02 10:00:00+05:00"


@pytest.fixture(autouse=True)
def empty_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english(client):
    translation.activate("en")  # the pages under this language's URL prefix
    return client


def sign_in(client, username, password="wrong-password", address="10.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response) -> bool:
    return response.status_code == 302


def test_five_wrong_passwords_pause_the_account_with_a_clear_message(english, citizen):
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            assert "The IIN or the password is wrong" in sign_in(english, citizen.username).content.decode()
        page = sign_in(english, citizen.username).content.decode()
    assert "Too many wrong passwords for this account" in page and "paused until 10:15" in page
    assert "Forgot your password?" in page and reverse("accounts:password_reset") in page


def test_while_paused_even_the_right_password_is_refused_from_any_address(english, citizen):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            sign_in(english, citizen.username)
        response = sign_in(english, citizen.username, PASSWORD, address="192.0.2.7")
    assert not signed_in(response) and "paused until" in response.content.decode()


def test_the_pause_ends_by_itself(client, citizen):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            sign_in(client, citizen.username)
    with time_machine.travel("2026-03-02 10:14:00+05:00", tick=False):
        assert not signed_in(sign_in(client, citizen.username, PASSWORD))
    with time_machine.travel("2026-03-02 10:16:00+05:00", tick=False):
        assert signed_in(sign_in(client, citizen.username, PASSWORD))


def test_a_password_reset_lifts_the_pause_at_once(client, citizen):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            sign_in(client, citizen.username)
        client.post(reverse("accounts:password_reset"), {"email": citizen.email})
        link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
        form_url = client.get(link.split("testserver", 1)[1]).url
        client.post(form_url, {"new_password1": "Jana-qupiya-2026", "new_password2": "Jana-qupiya-2026"})
        assert signed_in(sign_in(client, citizen.username, "Jana-qupiya-2026"))


def test_a_right_password_forgets_earlier_failures(client, citizen):
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            sign_in(client, citizen.username)
        assert signed_in(sign_in(client, citizen.username, PASSWORD))
        client.logout()
        for _ in range(4):
            sign_in(client, citizen.username)
        assert signed_in(sign_in(client, citizen.username, PASSWORD))


def test_an_unknown_iin_is_paused_like_a_registered_one(english, citizen):
    unknown = iin.compose(date(1977, 7, 7), "M", 4242)
    with time_machine.travel(START, tick=False):
        pages = [sign_in(english, name).content.decode() for name in [unknown] * 5 + [citizen.username] * 5]
    assert "paused until" in pages[4] and "paused until" in pages[9]


def test_one_address_trying_many_accounts_is_paused(english, make_citizen):
    client = english
    people = [make_citizen(10 + n) for n in range(21)]
    with time_machine.travel(START, tick=False):
        for person in people[:20]:  # one wrong password each: no account reaches its own limit
            sign_in(client, person.username, address="203.0.113.9")
        paused = sign_in(client, people[20].username, PASSWORD, address="203.0.113.9")
        elsewhere = sign_in(client, people[20].username, PASSWORD, address="198.51.100.1")
    assert not signed_in(paused) and "from your network address" in paused.content.decode()
    assert signed_in(elsewhere)


def test_the_admin_sign_in_is_paused_too(english):
    from accounts.models import User

    User.objects.create_user("operator", password="Staff-pass-2026", is_staff=True)
    url = reverse("admin:login")
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            english.post(url, {"username": "operator", "password": "nope"}, REMOTE_ADDR="10.0.0.2")
        response = english.post(url, {"username": "operator", "password": "Staff-pass-2026"}, REMOTE_ADDR="10.0.0.3")
    assert response.status_code == 200 and "paused until" in response.content.decode()


def test_a_citizen_password_on_the_admin_counts_as_a_failure(client, citizen):
    url = reverse("admin:login")
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            client.post(url, {"username": citizen.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.4")
        assert not signed_in(sign_in(client, citizen.username, PASSWORD))


def test_the_api_token_endpoint_is_paused_with_retry_after(client, citizen):
    url = reverse("v1:auth-token")
    with time_machine.travel(START, tick=False):
        answers = [
            client.post(url, {"iin": citizen.username, "password": "nope"}, REMOTE_ADDR=f"10.1.0.{n}") for n in range(5)
        ]
        paused = client.post(url, {"iin": citizen.username, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1")
    assert [a.status_code for a in answers] == [400] * 4 + [429]
    body = paused.json()["error"]
    assert paused.status_code == 429 and body["code"] == "signin_locked" and body["retry_after"] == 900
    assert paused["Retry-After"] == "900"


def test_the_web_and_the_api_count_together(client, citizen):
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            sign_in(client, citizen.username)
        for _ in range(2):
            client.post(reverse("v1:auth-token"), {"iin": citizen.username, "password": "nope"})
        assert not signed_in(sign_in(client, citizen.username, PASSWORD))


def test_counters_hold_no_iin_or_address_in_clear(citizen):
    keys = lockout._keys(lockout.ACCOUNT, citizen.username) + lockout._keys(lockout.CLIENT, "10.0.0.1")
    assert all(citizen.username not in key and "10.0.0.1" not in key for key in keys)


class BrokenCache:
    """Redis is down: every call fails."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("redis is down")

        return fail


def test_with_the_cache_down_failures_are_counted_in_the_database(client, citizen, monkeypatch):
    monkeypatch.setattr(lockout, "cache", BrokenCache())
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            sign_in(client, citizen.username)
        assert SignInFailure.objects.exists()
        assert not signed_in(sign_in(client, citizen.username, PASSWORD))
        assert all(citizen.username not in key for key in SignInFailure.objects.values_list("key", flat=True))
    with time_machine.travel("2026-03-02 10:16:00+05:00", tick=False):
        assert signed_in(sign_in(client, citizen.username, PASSWORD))


def test_with_the_cache_down_a_citizen_still_signs_in(client, citizen, monkeypatch):
    monkeypatch.setattr(lockout, "cache", BrokenCache())
    assert signed_in(sign_in(client, citizen.username, PASSWORD))


# --- sessions end after inactivity ---------------------------------------------------------------------------


def test_a_session_ends_after_thirty_idle_minutes_and_activity_keeps_it(client, citizen, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_REFRESH_SECONDS <= 60
    # Sessions live in the database and in the cache with the same expiry; travelling in time here needs a cache
    # that keeps time by the (travelled) clock, which Redis does not.
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cabinet = reverse("accounts:cabinet")
    with time_machine.travel(START, tick=False):
        assert signed_in(sign_in(client, citizen.username, PASSWORD))
    with time_machine.travel("2026-03-02 10:25:00+05:00", tick=False):
        assert client.get(cabinet).status_code == 200  # active: the half hour starts again
    with time_machine.travel("2026-03-02 10:50:00+05:00", tick=False):
        assert client.get(cabinet).status_code == 200
    with time_machine.travel("2026-03-02 11:21:00+05:00", tick=False):
        response = client.get(cabinet)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_signed_in_session_is_saved_at_most_once_a_minute(client, citizen, settings):
    """Activity keeps a session alive without a database write for every page: at most one a minute."""
    from django.contrib.sessions.models import Session

    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cabinet = reverse("accounts:cabinet")
    with time_machine.travel(START, tick=False):
        assert signed_in(sign_in(client, citizen.username, PASSWORD))
        key = client.session.session_key
    signed = Session.objects.get(pk=key).expire_date
    with time_machine.travel("2026-03-02 10:00:40+05:00", tick=False):
        assert client.get(cabinet).status_code == 200
    assert Session.objects.get(pk=key).expire_date == signed  # within the minute: not written
    with time_machine.travel("2026-03-02 10:01:30+05:00", tick=False):
        assert client.get(cabinet).status_code == 200
    assert (Session.objects.get(pk=key).expire_date - signed).total_seconds() == 90  # pushed back


def test_a_made_up_session_cookie_creates_no_session(client, settings):
    from django.contrib.sessions.models import Session

    client.cookies[settings.SESSION_COOKIE_NAME] = "made-up-session-key-0123456789"
    assert client.get(reverse("home")).status_code == 200
    assert not Session.objects.exists()


# --- sign-up and reset letters cannot be used to sweep the registry -----------------------------------------


def test_sign_up_attempts_are_limited_per_iin_and_per_client(client, citizen):
    data = {"iin": citizen.username, "last_name": "Ахметова", "first_name": "Айгерим", "email": "x@example.kz",
            "password1": "Jaqsy-qupiya-söz-7", "password2": "Jaqsy-qupiya-söz-7"}  # fmt: skip
    url = reverse("accounts:signup")
    with time_machine.travel(START, tick=False):
        codes = [client.post(url, data, REMOTE_ADDR=f"10.{n}.0.1").status_code for n in range(6)]
        assert codes == [200] * 5 + [429]  # "already exists" five times, then no answer for this IIN
        others = [{**data, "iin": iin.compose(date(1970, 1, 1), "M", 500 + n), "password2": "typo"} for n in range(11)]
        codes = [client.post(url, other, REMOTE_ADDR="10.99.0.1").status_code for other in others]
    assert codes[-1] == 429 and 429 not in codes[:10]


def test_reset_letters_are_limited_per_email(client, citizen):
    url = reverse("accounts:password_reset")
    with time_machine.travel(START, tick=False):
        codes = [client.post(url, {"email": citizen.email}, REMOTE_ADDR=f"10.{n}.0.1").status_code for n in range(4)]
    assert codes == [302, 302, 302, 429] and len(mail.outbox) == 3
