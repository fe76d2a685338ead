import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_kazakh_is_the_default_language_whatever_the_browser_prefers(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ru,en;q=0.8").content.decode()
    assert '<html lang="kk">' in page
    assert "Міндетті әлеуметтік медициналық сақтандыру" in page


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("ru", "Обязательное социальное медицинское страхование"), ("en", "Compulsory social health insurance")],
)
def test_a_language_prefix_serves_the_page_in_that_language_to_anyone(client, language, phrase):
    page = client.get(f"/{language}/help/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert f'<html lang="{language}">' in page and phrase in page
    kazakh = client.get("/help/", HTTP_ACCEPT_LANGUAGE=language).content.decode()  # the root stays Kazakh
    assert '<html lang="kk">' in kazakh and phrase not in kazakh


def test_language_links_lead_to_the_same_page_with_its_query_in_each_language(client):
    import re

    page = client.get("/ru/catalogue/search/?q=сердце").content.decode()
    links = dict(re.findall(r'<li><a href="([^"]+)" hreflang="(\w\w)"', page))
    query = "?q=%D1%81%D0%B5%D1%80%D0%B4%D1%86%D0%B5"  # сердце
    assert {language: url for url, language in links.items()} == {
        "kk": f"/catalogue/search/{query}",
        "ru": f"/ru/catalogue/search/{query}",
        "en": f"/en/catalogue/search/{query}",
    }
    assert re.search(r'hreflang="ru" lang="ru" aria-current="true"><span aria-hidden="true">Рус</span>'
                     r'<span class="visually-hidden">Русский</span>', page)  # fmt: skip
    for language, prefix in [("kk", ""), ("ru", "/ru"), ("en", "/en"), ("x-default", "")]:
        alternate = f'<link rel="alternate" hreflang="{language}" href="http://testserver{prefix}/catalogue/search/?q='
        assert alternate in page, language
    followed = client.get("/en/catalogue/search/", {"q": "сердце"}).content.decode()
    assert '<html lang="en">' in followed


def test_the_admin_speaks_the_language_of_its_prefix(admin_client):
    assert '<html lang="ru"' in admin_client.get("/ru/admin/").content.decode()
    assert '<html lang="kk"' in admin_client.get("/admin/").content.decode()


def test_a_missing_page_is_missing_in_its_language_and_links_to_the_same_address_in_the_others(client):
    page = client.get("/ru/no-such-page/")
    assert page.status_code == 404 and '<html lang="ru">' in page.content.decode()
    assert '<a href="/en/no-such-page/" hreflang="en"' in page.content.decode()


def test_no_path_is_translated_so_a_page_in_another_language_is_its_path_under_another_prefix():
    """portal.languages builds the language links by changing the prefix alone; that holds while no path is
    translated (a gettext_lazy in a path() would break it, and this test)."""
    from django.urls import URLResolver, get_resolver
    from django.urls.resolvers import LocalePrefixPattern

    def paths(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern.pattern, LocalePrefixPattern):
                yield from paths(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLResolver):
                yield from paths(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    kazakh = list(paths(get_resolver().url_patterns))
    assert len(kazakh) > 100
    for language in ("ru", "en"):
        with translation.override(language):
            assert list(paths(get_resolver().url_patterns)) == kazakh, language


def test_every_page_has_landmarks_and_a_skip_link(client):
    for name in ["home", "help", "accounts:login", "accounts:signup", "accounts:password_reset"]:
        page = client.get(reverse(name)).content.decode()
        for marker in ['href="#main"', '<main id="main"', "<header", "<nav", "<footer", 'aria-label="Тіл"', "<summary"]:
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
    translation.activate("ru")  # the pages under this language's URL prefix
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

    def menu(page: str) -> str:
        return page[page.index("<header") : page.index("</header>")]

    def current(page: str) -> list[str]:
        return re.findall(r'aria-current="page">([^<]+)<', menu(page))

    def words(language: str, *phrases: str) -> list[str]:
        with translation.override(language):
            return [translation.gettext(phrase) for phrase in phrases]

    translation.activate("en")  # the pages under this language's URL prefix
    home = client.get(reverse("home")).content.decode()
    assert current(home) == ["Home"] and "Sign in" in menu(home) and "My cabinet" not in menu(home)
    assert len(kept_layout._cache) > 0  # kept: the next pages reuse it
    catalogue = client.get(reverse("coverage:catalogue")).content.decode()
    assert current(catalogue) == ["What is covered"]

    translation.activate("ru")  # the pages under this language's URL prefix
    home, sign_in, footer = words("ru", "Home", "Sign in", "Call centre")
    page = client.get(reverse("home")).content.decode()
    assert current(page) == [home] and sign_in in menu(page) and footer in page and "Call centre" not in page

    tokens = []
    for serial in (1, 2):  # each signed-in visitor's menu: their own sign-out form, with their own CSRF token
        visitor = type(client)()
        translation.activate("en")  # the pages under this language's URL prefix
        visitor.force_login(make_citizen(serial))
        page = visitor.get(reverse("help")).content.decode()
        assert current(page) == ["Help and contacts"] and "My cabinet" in menu(page) and "Sign in" not in menu(page)
        token = re.search(r'action="/en/accounts/logout/" method="post"><input type="hidden" '
                          r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]  # fmt: skip
        tokens.append(_unmask_cipher_token(token))
        assert tokens[-1] == visitor.cookies["csrftoken"].value
    assert tokens[0] != tokens[1]


def test_the_admin_links_to_the_same_admin_page_in_each_language(admin_client):
    page = admin_client.get("/ru/admin/accounts/").content.decode()
    for language, url in [("kk", "/admin/accounts/"), ("en", "/en/admin/accounts/")]:
        assert f'<a href="{url}" hreflang="{language}" lang="{language}">' in page
