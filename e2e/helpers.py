"""What the browser tests share: the portal's own words in a language, and signing in."""

from __future__ import annotations

from django.utils import translation

from accounts import demo as accounts_demo


def words(language: str, message: str) -> str:
    """The portal's text for `message` in `language`, from the same catalogues the pages use."""
    with translation.override(language):
        return str(translation.gettext(message))


def sign_in(page, iin: str, password: str = accounts_demo.CITIZEN_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", iin)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/cabinet/")


def staff_sign_in(page, username: str = "operator", password: str = accounts_demo.STAFF_PASSWORD) -> None:
    """The admin's sign-in as fund staff do it: the password, then the code their authenticator app shows (the demo
    staff's app, set up by the demo loader)."""
    from accounts.models import User
    from accounts.second_factor import app_device
    from accounts.testing import app_code

    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url("**/admin/second-factor/verify/**")
    page.fill("#second-factor-form input[name=code]", app_code(app_device(User.objects.get(username=username))))
    page.locator("#second-factor-form [type=submit]").click()
    page.wait_for_url("**/admin/")


def switch_language(page, language: str) -> None:
    """Follow the header's link to this page in `language` (a plain link: it works without JavaScript)."""
    from playwright.sync_api import expect

    page.locator(f".language-links a[hreflang={language}]").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def money(language: str, amount) -> str:
    """An amount as the pages show it in `language` (floatformat:2|intcomma)."""
    from django.template import engines

    template = engines["django"].from_string("{% load humanize %}{{ amount|floatformat:2|intcomma }}")
    with translation.override(language):
        return template.render({"amount": amount})
