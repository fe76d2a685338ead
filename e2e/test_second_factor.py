"""A new fund staff member sets up the second factor in a real browser: the QR code and the secret, the first code,
the recovery codes shown once and downloaded; then signs in again with a recovery code. axe-core checks the pages."""

from base64 import b32decode
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp

from accounts import roles
from accounts.models import User

from .helpers import words
from .test_accessibility import axe_violations, describe

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Newcomer-pass-2026"


def password_step(page, username="newcomer"):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("#login-form [type=submit]").click()


def test_a_new_staff_member_sets_up_the_second_factor_and_later_uses_a_recovery_code(new_page, portal_data):
    user = User.objects.create_user("newcomer", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=roles.FUND_OPERATOR))
    page = new_page()
    blocked = []  # what the Content-Security-Policy refused, as the browser's console says
    page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))

    password_step(page)
    page.wait_for_url("**/admin/second-factor/set-up/**")
    assert page.locator(".second-factor-qr svg").is_visible()
    found = axe_violations(page)
    assert not found, describe(page.url, found)

    secret = page.inner_text("#second-factor-secret").replace(" ", "")
    page.get_by_label(words("kk", "The 6-digit code the app shows now")).fill(f"{totp(b32decode(secret)):06d}")
    page.locator("#second-factor-form [type=submit]").click()
    page.wait_for_url("**/admin/second-factor/recovery-codes/**")
    codes = [item.strip() for item in page.locator("#recovery-codes li").all_inner_texts()]
    assert len(codes) == 10
    with page.expect_download() as download:
        page.get_by_role("link", name=words("kk", "Download as a text file")).click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert all(code in saved for code in codes)
    page.get_by_role("button", name=words("kk", "I have saved them: continue")).click()
    page.wait_for_url("**/admin/")
    assert not blocked, blocked

    later = new_page()
    password_step(later)
    later.wait_for_url("**/admin/second-factor/verify/**")
    found = axe_violations(later)
    assert not found, describe(later.url, found)
    later.get_by_label(words("kk", "Code from your authenticator app, or a recovery code")).fill(codes[0])
    later.locator("#second-factor-form [type=submit]").click()
    later.wait_for_url("**/admin/")
