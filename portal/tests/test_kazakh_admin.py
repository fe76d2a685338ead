"""Kazakh pages, the admin included: times on the 24-hour clock, short dates as DD.MM.YYYY, and Kazakh where
Django's own catalogues leave English, misspell or use other words than the portal.

The language is chosen in one place, the `kazakh` fixture (the language cookie today; a URL prefix if the admin
moves under one).
"""

import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import django
import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

AFTERNOON = datetime(2026, 3, 5, 14, 30, tzinfo=ZoneInfo("Asia/Almaty"))
DJANGO = Path(django.__file__).parent
PROJECT_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "kk" / "LC_MESSAGES" / "django.po"

# Latin words a Kazakh admin string may keep: names of products and keys, protocols, code.
LATIN_ALLOWED = {
    "Django", "Python", "Mac", "Control", "Command", "OK", "LDAP", "URL", "JSON", "IPv", "CSRF", "HTTPS", "Referer",
    "Referrer", "Policy", "no", "referrer", "same", "origin", "cookie", "DEBUG", "True",
}  # fmt: skip
# Misspellings and words of Django's Kazakh catalogues the portal does not use.
NOT_KAZAKH = ["өзгету", "Өзгетру", "үщін", "Жорнал", "Даңғо", "Сүзгіз", "әрәкет", "Қолданушы", "қолданушы", "объект"]
LATIN = re.compile(r"[A-Za-z]{2,}")
MARKUP = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}|<[^>]*>|&\w+;|\w+\(\)")
SAME_IN_KAZAKH = {"%(class_name)s %(instance)s"}


@pytest.fixture
def kazakh(client):
    """A test client whose pages are in Kazakh, and Kazakh active for reverse() and gettext in the test."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    with translation.override("kk"):
        yield client


def _catalogue(app: str, domain: str = "django") -> list[polib.POEntry]:
    """Django's English catalogue of a contrib app: every string it has, with contexts and plural forms."""
    path = DJANGO / "contrib" / app / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def _not_kazakh(english: str, kazakh: str) -> str | None:
    """Why a translation is not acceptable Kazakh, or None."""
    if kazakh == english and english not in SAME_IN_KAZAKH:
        return "untranslated"
    latin = [word for word in LATIN.findall(MARKUP.sub(" ", kazakh)) if word not in LATIN_ALLOWED]
    if latin:
        return f"Latin words {latin}"
    wrong = [word for word in NOT_KAZAKH if word in kazakh]
    return f"not the portal's Kazakh: {wrong}" if wrong else None


def _python_kazakh(entry) -> list[tuple[str, str]]:
    """(English, Kazakh) of an entry as Python code gets it in Kazakh: the project's catalogue over Django's."""
    context = entry.msgctxt
    if entry.msgid_plural:
        english = [(entry.msgid, 1), (entry.msgid_plural, 5)]
        if context:
            return [(e, translation.npgettext(context, entry.msgid, entry.msgid_plural, n)) for e, n in english]
        return [(e, translation.ngettext(entry.msgid, entry.msgid_plural, n)) for e, n in english]
    return [(entry.msgid, translation.pgettext(context, entry.msgid) if context else translation.gettext(entry.msgid))]


def test_kazakh_times_are_24_hour_and_short_dates_dd_mm_yyyy():
    with translation.override("kk"):
        assert formats.date_format(AFTERNOON, "TIME_FORMAT") == "14:30"
        assert formats.date_format(AFTERNOON, "SHORT_DATE_FORMAT") == "05.03.2026"
        assert formats.date_format(AFTERNOON, "SHORT_DATETIME_FORMAT") == "05.03.2026 14:30"
        assert formats.date_format(AFTERNOON, "DATETIME_FORMAT") == "5 наурыз 2026, 14:30"  # month in small letters
        assert "p.m." not in formats.date_format(AFTERNOON, "DATETIME_FORMAT")
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d.%m.%Y"  # the admin's date widgets write this


def test_every_admin_string_is_kazakh():
    """Every string of Django's admin, auth and contenttypes catalogues, and every string portal/admin_strings.py
    supplies (Django's validation messages and dates, django-simple-history's pages), reads as Kazakh: translated,
    no English words left, none of Django's Kazakh misspellings. A Django upgrade's new strings fail here until
    they are added to admin_strings.py and translated."""
    entries = [entry for app in ("admin", "auth", "contenttypes") for entry in _catalogue(app)]
    supplied = [
        entry
        for entry in polib.pofile(str(PROJECT_CATALOGUE))
        if any(path == "portal/admin_strings.py" for path, _line in entry.occurrences)
    ]
    problems = []
    with translation.override("kk"):
        for entry in entries + supplied:
            for english, kazakh in _python_kazakh(entry):
                if reason := _not_kazakh(english, kazakh):
                    problems.append(f"{english!r} → {kazakh!r}: {reason}")
    assert not problems, f"{len(problems)} admin strings are not Kazakh:\n" + "\n".join(problems)
    assert len(entries) > 250 and len(supplied) > 300


@pytest.mark.django_db
def test_the_admins_javascript_catalogue_is_kazakh(kazakh, staff_member):
    """/admin/jsi18n/ (Django's JavaScriptCatalog) merges the project's djangojs catalogue over Django's: every
    string of the calendar, the clock, the two-box select and the actions bar comes in Kazakh."""
    kazakh.force_login(staff_member)
    response = kazakh.get(reverse("admin:jsi18n"))
    assert response.status_code == 200
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S).group(1))
    problems = []
    for entry in _catalogue("admin", "djangojs"):
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        kazakh_text = catalogue.get(key)
        if entry.msgid_plural:
            pairs = list(zip([entry.msgid, entry.msgid_plural], kazakh_text or ["", ""], strict=True))
        else:
            pairs = [(entry.msgid, kazakh_text or "")]
        for english, text in pairs:
            if not text or (reason := _not_kazakh(english, text)):
                problems.append(f"{english!r} → {text!r}: {reason if text else 'missing'}")
    assert not problems, f"{len(problems)} JavaScript strings are not Kazakh:\n" + "\n".join(problems)
    assert catalogue["abbrev. day Friday\x04Fri"] == "Жм" and catalogue["Friday"] == "Жұма"


@pytest.mark.django_db
def test_the_admin_in_kazakh_says_what_django_leaves_in_english(kazakh, staff_member):
    kazakh.force_login(staff_member)
    page = kazakh.get("/admin/").content.decode() + kazakh.get("/admin/payments/register/").content.decode()
    for english in ("View site", "Recent actions", "Start typing to filter", "Toggle theme"):
        assert english not in page, english
    for kazakh_text in ("Сайтты ашу", "Соңғы әрекеттер", "Сүзу үшін тере бастаңыз", "Тақырыпты ауыстыру"):
        assert kazakh_text in page, kazakh_text
    assert translation.gettext("Change") == "Өзгерту"  # Django's own says "Өзгетру"
