"""The header from a 320 px phone to a 1280 px desktop, in each language, with and without JavaScript.

On a phone the brand and the language links share one line and the menu is one "Menu" button (a <details>
disclosure: it opens without any script, by touch or keyboard); on a wide screen every link sits on one line.
"""

import pytest

from .helpers import sign_in, words

pytestmark = pytest.mark.django_db(transaction=True)

PREFIX = {"kk": "", "ru": "/ru", "en": "/en"}


def menu_links(page) -> list[dict]:
    return page.evaluate(
        "() => [...document.querySelectorAll('.site-menu .nav-item')].map(item => {"
        " const box = item.getBoundingClientRect(); return {top: Math.round(box.top), text: item.innerText}; })"
    )


@pytest.mark.parametrize(("language", "javascript"), [("kk", True), ("ru", False), ("en", True)])
def test_on_a_phone_the_content_starts_after_two_short_lines_and_every_link_is_one_tap_away(
    new_page, portal_data, language, javascript
):
    page = new_page(javascript=javascript)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{PREFIX[language]}/help/")
    header = page.locator("header").bounding_box()
    assert header["height"] < 110, header  # brand and languages on one line, Menu and the account links on the next
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # nothing sticks out sideways
    items = page.locator(".site-menu .nav-item")
    assert items.count() == 6 and not any(items.nth(n).is_visible() for n in range(6))  # closed until asked for

    menu = page.locator("nav.site-menu")
    page.locator("summary").focus()
    page.keyboard.press("Enter")  # a keyboard opens it as a finger does
    assert all(items.nth(n).is_visible() for n in range(6))
    assert words(language, "Help and contacts") in menu.inner_text()
    page.get_by_role("link", name=words(language, "Calculator")).click()
    assert page.url.endswith(f"{PREFIX[language]}/calculator/")


def test_on_a_desktop_every_menu_link_fits_on_one_line(new_page, portal_data):
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    for signed_in in (False, True):
        if signed_in:
            sign_in(page, portal_data["gap_self_payer"].iin)
        for language, prefix in PREFIX.items():
            page.goto(f"{prefix}/help/")
            assert not page.locator("summary").is_visible()  # open, with no Menu button to press
            tops = {link["top"] for link in menu_links(page)}
            assert len(tops) == 1, (language, menu_links(page))
            header = page.locator(".header-bar").bounding_box()
            assert header["height"] < 110, (language, header)  # two lines: brand, account, languages; the menu


def test_the_language_links_are_named_in_their_own_language_for_a_screen_reader(page, portal_data):
    page.goto("/ru/help/")
    for name, language in [("Қазақша", "kk"), ("Русский", "ru"), ("English", "en")]:
        link = page.get_by_role("link", name=name, exact=True)
        assert link.get_attribute("lang") == language and link.get_attribute("hreflang") == language
    assert page.get_by_role("link", name="Русский").get_attribute("aria-current") == "true"
    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/en/help/")
