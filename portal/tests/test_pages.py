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
