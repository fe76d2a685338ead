import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_kazakh_is_the_default_language_whatever_the_browser_prefers(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ru,en;q=0.8").content.decode()
    assert '<html lang="kk">' in page
    assert "Міндетті әлеуметтік медициналық сақтандыру" in page


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("ru", "Обязательное социальное медицинское страхование"), ("en", "Compulsory social health insurance")],
)
def test_language_switcher_changes_the_page(client, language, phrase):
    response = client.post(reverse("set_language"), {"language": language, "next": "/help/"})
    assert response.status_code == 302 and response["Location"] == "/help/"
    page = client.get(reverse("home")).content.decode()
    assert f'<html lang="{language}">' in page and phrase in page


def test_every_page_has_landmarks_and_a_skip_link(client):
    for name in ["home", "help", "accounts:login", "accounts:signup", "accounts:password_reset"]:
        page = client.get(reverse(name)).content.decode()
        for marker in ['href="#main"', '<main id="main"', "<header", "<nav", "<footer", 'for="lang-select"']:
            assert marker in page, (name, marker)


def test_pages_load_nothing_from_another_host(client):
    for name in ["home", "help", "accounts:login"]:
        page = client.get(reverse(name)).content.decode()
        assert 'src="http' not in page and 'href="//' not in page
        assert 'rel="stylesheet" href="http' not in page


def test_help_page_lists_the_fund_channels(client):
    page = client.get(reverse("help")).content.decode()
    for channel in ["1414", "Qoldau 24/7", "@Saqtandyrubot", "fms.kz"]:
        assert channel in page


def test_unknown_page_is_a_translated_404(client):
    client.cookies["saq_lang"] = "ru"
    response = client.get("/no-such-page/")
    assert response.status_code == 404


@pytest.fixture
def kept_layout(settings):
    """The production setting: the layout's parts kept in the process's memory (the embedded mode keeps none)."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "layout": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kept-layout-test"},
    }
    caches["layout"].clear()
    yield caches["layout"]
    caches["layout"].clear()


def test_the_kept_layout_follows_the_language_the_visitor_and_the_page(client, make_citizen, kept_layout):
    import re

    from django.middleware.csrf import _unmask_cipher_token
    from django.utils import translation

    def menu(page: str) -> str:
        return page[page.index("<nav") : page.index("</nav>")]

    def current(page: str) -> list[str]:
        return re.findall(r'aria-current="page">([^<]+)<', menu(page))

    def words(language: str, *phrases: str) -> list[str]:
        with translation.override(language):
            return [translation.gettext(phrase) for phrase in phrases]

    client.cookies["saq_lang"] = "en"
    home = client.get(reverse("home")).content.decode()
    assert current(home) == ["Home"] and "Sign in" in menu(home) and "My cabinet" not in menu(home)
    assert len(kept_layout._cache) > 0  # kept: the next pages reuse it
    catalogue = client.get(reverse("coverage:catalogue")).content.decode()
    assert current(catalogue) == ["What is covered"]

    client.cookies["saq_lang"] = "ru"
    home, sign_in, footer = words("ru", "Home", "Sign in", "Call centre")
    page = client.get(reverse("home")).content.decode()
    assert current(page) == [home] and sign_in in menu(page) and footer in page and "Call centre" not in page

    tokens = []
    for serial in (1, 2):  # each signed-in visitor's menu: their own sign-out form, with their own CSRF token
        visitor = type(client)()
        visitor.cookies["saq_lang"] = "en"
        visitor.force_login(make_citizen(serial))
        page = visitor.get(reverse("help")).content.decode()
        assert current(page) == ["Help and contacts"] and "My cabinet" in menu(page) and "Sign in" not in menu(page)
        token = re.search(r'action="/accounts/logout/" method="post"><input type="hidden" name="csrfmiddlewaretoken" '
                          r'value="([^"]+)"', page)[1]  # fmt: skip
        tokens.append(_unmask_cipher_token(token))
        assert tokens[-1] == visitor.cookies["csrftoken"].value
    assert tokens[0] != tokens[1]
