"""Fund staff's second factor (decision 0017): after the password, a code from an authenticator app or a recovery
code; a staff member without one sets it up; wrong codes are throttled; an administrator resets it, never their
own; citizens never meet it; the API gives staff no token."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from accounts import second_factor
from accounts.admin_site import StaffAdminSite
from accounts.models import AccessRecord, User
from accounts.testing import app_code, password_only_login, staff_app

pytestmark = pytest.mark.django_db

STAFF_PASSWORD = "Staff-pass-2026"  # the root conftest's staff_member


START = "2026-03-02 10:00:00+05:00"
WRONG_CODE = (
    "This code is not right, or it has been used already. Type the code the app shows now; if codes keep failing, "
    "check that your phone's clock is right."
)


@pytest.fixture(autouse=True)
def empty_counters():
    cache.clear()  # the password lock-out counts in the cache
    yield
    cache.clear()


@pytest.fixture
def english(client):
    translation.activate("en")  # the pages under this language's URL prefix
    return client


def words(language: str, message: str) -> str:
    with translation.override(language):
        return str(translation.gettext(message))


def password_step(client, username="operator", password=STAFF_PASSWORD, next_url=None):
    next_url = next_url or reverse("admin:index")
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": next_url})


def send_code(client, code, next_url=None):
    next_url = next_url or reverse("admin:index")
    return client.post(reverse("admin:second_factor_verify"), {"code": code, "next": next_url})


def passed(client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


# --- the door -----------------------------------------------------------------------------------------------------


def test_the_default_admin_site_is_the_one_asking_for_a_second_factor():
    assert isinstance(admin.site, StaffAdminSite)


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        reverse("admin:accounts_person_changelist"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:payments_register_changelist"),
        reverse("admin:password_change"),
        reverse("admin:second_factor"),
        reverse("admin:second_factor_codes"),
        reverse("accounts:cabinet"),
        "/api/v1/me",
    ],
)
def test_staff_signed_in_with_the_password_only_reach_nothing_but_the_step(client, staff_member, url):
    staff_app(staff_member)
    password_only_login(client, staff_member)
    response = client.get(url)
    if url.startswith("/api/"):
        assert response.status_code == 403 and response.json()["error"]["code"] == "second_factor_required"
    else:
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:second_factor_verify"))
    assert AccessRecord.objects.filter(action__startswith="accounts.person").count() == 0


def test_the_admin_site_refuses_an_unverified_session_even_without_the_middleware(rf, staff_member):
    request = rf.get("/admin/")
    request.user = staff_member
    staff_member.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    staff_member.is_verified = lambda: True
    assert admin.site.has_permission(request)


def test_the_password_leads_to_the_code_and_a_right_code_opens_the_admin(english, staff_member):
    device = staff_app(staff_member)
    response = password_step(english, next_url=reverse("admin:accounts_person_changelist"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:second_factor_verify"))
    page = english.get(response["Location"])
    html = page.content.decode()
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html and "<label" in html
    assert not passed(english)

    response = send_code(english, app_code(device), next_url=reverse("admin:accounts_person_changelist"))
    assert response.status_code == 302 and response["Location"] == reverse("admin:accounts_person_changelist")
    assert passed(english)
    assert english.get(reverse("admin:index")).status_code == 200


def test_the_same_code_does_not_open_a_second_session(staff_member):
    device = staff_app(staff_member)
    first, second = Client(), Client()
    for client in (first, second):
        password_step(client)
    code = app_code(device)
    assert send_code(first, code).status_code == 302 and passed(first)
    assert send_code(second, code).status_code == 200 and not passed(second)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_wrong_code_is_refused_in_the_persons_language(client, staff_member, language):
    staff_app(staff_member)
    translation.activate(language)  # the pages under this language's URL prefix
    password_step(client)
    response = send_code(client, "000000")
    assert response.status_code == 200 and not passed(client)
    assert escape(words(language, WRONG_CODE)) in response.content.decode()
    if language != "en":
        assert words(language, WRONG_CODE) != WRONG_CODE


def test_wrong_codes_are_throttled_ever_longer_and_a_right_code_waits_too(english, staff_member):
    device = staff_app(staff_member)
    start = datetime.fromisoformat(START)
    with time_machine.travel(start, tick=False):
        password_step(english)
        assert send_code(english, "000000").status_code == 200
        right_now = app_code(device)
        refused = send_code(english, right_now)
        assert refused.status_code == 429 and not passed(english)
        assert "Too many wrong codes in a row" in refused.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # a code refused unread does not count again

    moment = start
    for count in range(2, 6):  # each wrong code, taken once the wait is over, doubles the wait
        moment += timedelta(seconds=2 ** (count - 2))
        with time_machine.travel(moment, tick=False):
            assert send_code(english, "000000").status_code == 200
        device.refresh_from_db()
        assert device.throttling_failure_count == count
    with time_machine.travel(moment + timedelta(seconds=2**4 - 1), tick=False):
        assert send_code(english, app_code(device)).status_code == 429
    with time_machine.travel(moment + timedelta(seconds=2**4), tick=False):
        assert send_code(english, app_code(device)).status_code == 302 and passed(english)
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_throttling_is_on_for_both_kinds_of_device(settings):
    assert settings.OTP_TOTP_THROTTLE_FACTOR > 0 and settings.OTP_STATIC_THROTTLE_FACTOR > 0
    assert TOTPDevice().throttling_enabled and StaticDevice().throttling_enabled


def test_a_recovery_code_works_once(english, staff_member):
    staff_app(staff_member)
    codes = second_factor.replace_recovery_codes(staff_member)
    password_step(english)
    response = send_code(english, codes[3].upper()[:4] + "-" + codes[3][4:])  # typed as written down, any case
    assert response.status_code == 302 and passed(english)
    assert StaticToken.objects.filter(device__user=staff_member).count() == 9
    assert AccessRecord.objects.filter(action=second_factor.RECOVERY_USED, actor=staff_member).exists()
    english.post(reverse("admin:logout"))

    again = Client()
    translation.activate("en")  # the pages under this language's URL prefix
    password_step(again)
    response = send_code(again, codes[3])
    assert response.status_code == 200 and not passed(again)
    assert "used already" in response.content.decode()


def test_a_malformed_code_is_explained_and_not_counted(english, staff_member):
    device = staff_app(staff_member)
    password_step(english)
    response = send_code(english, "12ab")
    assert "Enter the 6 digits from your authenticator app, or a recovery code." in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


# --- setting it up ------------------------------------------------------------------------------------------------


def test_a_staff_member_without_a_factor_sets_one_up_end_to_end(english, staff_member):
    set_up, codes_page = reverse("admin:second_factor_set_up"), reverse("admin:second_factor_codes")
    response = password_step(english, next_url=reverse("admin:accounts_person_changelist"))
    response = english.get(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(set_up)

    page = english.get(response["Location"])
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=staff_member)
    assert not device.confirmed
    assert "<svg" in html and "style=" not in html.split("<svg", 1)[1].split("</svg>")[0]
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # scripts from files only (the CSP allows no inline one)
    assert second_factor.secret_text(device) in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert "default-src 'self'" in page["Content-Security-Policy"]
    assert second_factor.secret_text(device) in english.get(set_up).content.decode()
    assert TOTPDevice.objects.filter(user=staff_member).count() == 1  # a second visit shows the same secret

    wrong = english.post(set_up, {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 200 and "This code is not right" in wrong.content.decode() and not passed(english)

    with time_machine.travel(datetime.now().astimezone() + timedelta(seconds=2)):  # past the wrong code's wait
        code = f"{totp(device.bin_key):06d}"
        response = english.post(set_up, {"code": code, "next": reverse("admin:accounts_person_changelist")})
    assert response.status_code == 302 and response["Location"].startswith(codes_page)
    assert passed(english)
    device.refresh_from_db()
    assert device.confirmed
    assert AccessRecord.objects.filter(action=second_factor.ENROLLED, actor=staff_member).exists()

    codes = list(StaticToken.objects.filter(device__user=staff_member).values_list("token", flat=True))
    assert len(codes) == 10
    page = english.get(response["Location"]).content.decode()
    assert all(code in page for code in codes)
    download = english.get(reverse("admin:second_factor_codes_download"))
    assert download["Content-Type"].startswith("text/plain") and "attachment" in download["Content-Disposition"]
    assert all(code in download.content.decode() for code in codes)

    done = english.post(codes_page, {"next": reverse("admin:accounts_person_changelist")})
    assert done.status_code == 302 and done["Location"] == reverse("admin:accounts_person_changelist")
    assert english.get(codes_page)["Location"] == reverse("admin:second_factor")  # shown once
    assert english.get(reverse("admin:second_factor_codes_download")).status_code == 404
    assert english.get(done["Location"]).status_code == 200


def test_an_account_with_a_factor_cannot_set_up_another_without_passing_it(english, staff_member):
    staff_app(staff_member)
    password_step(english)
    set_up, verify = reverse("admin:second_factor_set_up"), reverse("admin:second_factor_verify")
    response = english.get(set_up)
    assert response.status_code == 302 and response["Location"].startswith(verify)
    assert english.post(set_up, {"code": "123456"})["Location"].startswith(verify)
    assert not TOTPDevice.objects.filter(user=staff_member, confirmed=False).exists()


def test_a_verified_staff_member_replaces_the_app_and_the_recovery_codes(english, staff_member):
    old = staff_app(staff_member)
    old_codes = second_factor.replace_recovery_codes(staff_member)
    english.force_login(staff_member)
    manage = english.get(reverse("admin:second_factor")).content.decode()
    assert "10 recovery codes left" in manage

    set_up = reverse("admin:second_factor_set_up")
    english.get(set_up)
    new = TOTPDevice.objects.get(user=staff_member, confirmed=False)
    english.post(set_up, {"code": app_code(new), "next": "/admin/"})
    assert list(TOTPDevice.objects.filter(user=staff_member)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert not StaticToken.objects.filter(device__user=staff_member, token__in=old_codes).exists()

    renewed = english.post(reverse("admin:second_factor"), {"action": "new_codes"})
    codes_page = reverse("admin:second_factor_codes")
    assert renewed["Location"] == codes_page
    assert all(code in english.get(codes_page).content.decode() for code in english.session["second_factor_new_codes"])


def test_the_admin_header_links_to_the_second_factor_page(english, staff_member):
    english.force_login(staff_member)
    assert reverse("admin:second_factor") in english.get(reverse("admin:index")).content.decode()


# --- an administrator's reset -------------------------------------------------------------------------------------


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", password="Root-pass-2026")


def reset(client, *users):
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [user.pk for user in users]},
        follow=True,
    )


def test_an_administrator_resets_a_staff_members_factor_and_it_is_recorded(english, root, staff_member):
    staff_app(staff_member)
    second_factor.replace_recovery_codes(staff_member)
    theirs = Client()
    theirs.force_login(staff_member)
    assert theirs.get(reverse("admin:index")).status_code == 200

    english.force_login(root)
    page = reset(english, staff_member).content.decode()
    assert "The second factor of 1 account was reset" in page
    assert not TOTPDevice.objects.filter(user=staff_member).exists()
    assert not StaticDevice.objects.filter(user=staff_member).exists()
    record = AccessRecord.objects.get(action=second_factor.RESET)
    assert record.actor == root and record.object == f"accounts.user {staff_member.pk} operator"
    assert LogEntry.objects.filter(object_id=str(staff_member.pk), user=root).exists()

    # their session that had passed no longer counts; at the next sign-in they set the factor up again
    response = theirs.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:second_factor_verify"))
    assert theirs.get(response["Location"])["Location"].startswith(reverse("admin:second_factor_set_up"))


def test_nobody_resets_their_own_factor_in_the_admin(english, root):
    english.force_login(root)
    page = reset(english, root).content.decode()
    assert "You cannot reset your own second factor" in page
    assert TOTPDevice.objects.filter(user=root, confirmed=True).exists()
    assert not AccessRecord.objects.filter(action=second_factor.RESET).exists()
    with pytest.raises(PermissionError):
        second_factor.reset(root, by=root)


def test_only_holders_of_the_permission_may_reset(english, root, staff_member, rf):
    auditor = User.objects.create_user("auditor1", password="Staff-pass-2026", is_staff=True)
    auditor.groups.add(Group.objects.get(name="auditor"))
    staff_app(staff_member)
    english.force_login(auditor)
    page = english.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "reset_second_factor" not in page
    reset(english, staff_member)
    assert TOTPDevice.objects.filter(user=staff_member).exists()

    auditor.user_permissions.add(Permission.objects.get(codename="reset_second_factor"))
    auditor = User.objects.get(pk=auditor.pk)  # permissions are cached on the instance
    english.force_login(auditor)
    assert "reset_second_factor" in english.get(reverse("admin:accounts_user_changelist")).content.decode()
    reset(english, staff_member)
    assert not TOTPDevice.objects.filter(user=staff_member).exists()


def test_the_user_page_says_whether_the_factor_is_set_up(english, root, staff_member):
    english.force_login(root)
    url = reverse("admin:accounts_user_change", args=[staff_member.pk])
    assert "Not set up: asked for at the next sign-in." in english.get(url).content.decode()
    staff_app(staff_member)
    second_factor.replace_recovery_codes(staff_member)
    assert "10 recovery codes left" in english.get(url).content.decode()


def test_device_secrets_have_no_admin_pages():
    assert not admin.site.is_registered(TOTPDevice) and not admin.site.is_registered(StaticDevice)


# --- citizens and the API -----------------------------------------------------------------------------------------


def test_a_citizen_is_never_asked_for_a_second_factor(client, citizen):
    response = client.post(reverse("accounts:login"), {"username": citizen.username, "password": "Qalam-2026-secret"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:cabinet")
    assert client.get(reverse("accounts:cabinet")).status_code == 200
    assert client.get(reverse("payments:my_status")).status_code == 200
    assert client.get(reverse("admin:second_factor_verify"))["Location"] == reverse("accounts:cabinet")
    assert client.get(reverse("admin:second_factor_set_up"))["Location"] == reverse("accounts:cabinet")
    assert not TOTPDevice.objects.filter(user=citizen).exists() and not passed(client)


def test_a_staff_member_signing_in_on_the_portal_is_asked_too(english, staff_member):
    staff_app(staff_member)
    response = english.post(reverse("accounts:login"), {"username": "operator", "password": STAFF_PASSWORD})
    response = english.get(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:second_factor_verify"))


def test_staff_get_no_api_token_and_an_old_one_stops_working(client, staff_member, citizen):
    response = client.post("/api/v1/auth/token", {"iin": "operator", "password": STAFF_PASSWORD})
    assert response.status_code == 403 and response.json()["error"]["code"] == "staff_no_token"
    assert not Token.objects.filter(user=staff_member).exists()

    old = Token.objects.create(user=staff_member)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {old.key}")
    assert response.status_code == 401 and response.json()["error"]["code"] == "staff_no_token"

    mine = client.post("/api/v1/auth/token", {"iin": citizen.username, "password": "Qalam-2026-secret"}).json()
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {mine['token']}").status_code == 200


def test_staff_use_the_api_with_a_session_that_passed_the_second_factor(client, staff_member):
    client.force_login(staff_member)
    assert client.get("/api/v1/me").status_code == 200
