"""Kazakh pages, the admin included: times on the 24-hour clock, short dates as DD.MM.YYYY, and Kazakh where
Django's own catalogues leave English, misspell or use other words than the portal; and no English left in the
admin in Russian either.

The language is chosen in one place, `in_language` (the language cookie today; a URL prefix if the admin moves
under one).
"""

import json
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import django
import polib
import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils import formats, translation

from accounts.models import User
from payments.models import MinimumWage
from providers.models import ProviderOrganisation

from . import world as security_world

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


def in_language(client, language: str):
    """The language active for reverse() (so the client asks for the pages under that language's prefix) and for
    gettext in the test (a context manager)."""
    return translation.override(language)


@pytest.fixture
def kazakh(client):
    with in_language(client, "kk"):
        yield client


@pytest.fixture(params=["kk", "ru"])
def admin_in(request, client):
    """A client whose admin pages are in Kazakh, then in Russian."""
    with in_language(client, request.param):
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
        assert formats.date_format(AFTERNOON, "MONTH_DAY_FORMAT") == "5 наурыз"  # the admin's date drill-down
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


# --- every admin page, in Kazakh ---------------------------------------------------------------------------------


class _PageText(HTMLParser):
    """What a page says to its reader: text (not scripts, styles or what a text box holds), the title and what
    buttons, links and fields say in their attributes."""

    SKIP = {"script", "style", "textarea", "template"}
    ATTRIBUTES = {"title", "placeholder", "aria-label"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        attrs = dict(attrs)
        self.texts += [attrs[name] for name in self.ATTRIBUTES if attrs.get(name)]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(" ".join(data.split()))


def _page_texts(html: str) -> list[str]:
    parser = _PageText()
    parser.feed(html)
    return parser.texts


def html_text(html: str) -> str:
    return " ".join(_page_texts(html))


def _english_phrases() -> tuple[set[str], set[str]]:
    """The English of every admin string (Django's admin, auth and contenttypes, and the ones the portal supplies),
    cut at its placeholders: phrases of several words, looked for anywhere in a page's text, and single words,
    looked for as a whole text (a button, a link, a heading)."""
    entries = [entry for app in ("admin", "auth", "contenttypes") for entry in _catalogue(app)]
    entries += [
        entry
        for entry in polib.pofile(str(PROJECT_CATALOGUE))
        if any(path in ("portal/admin_strings.py", "accounts/admin.py") for path, _line in entry.occurrences)
    ]
    phrases, words = set(), set()
    for entry in entries:
        for text in filter(None, [entry.msgid, entry.msgid_plural]):
            for part in re.split(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}|<[^>]*>|[“”\"'«»:;,.?!()—-]", text):
                part = part.strip()
                if len(part.split()) > 1:
                    phrases.add(part)
                elif len(part) > 1 and part.isalpha():
                    words.add(part)
    return phrases, words


def _english_on(texts: list[str], phrases: set[str], words: set[str]) -> list[str]:
    found = {text for text in texts if text in words}
    joined = "\n".join(texts)
    found |= {phrase for phrase in phrases if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", joined)}
    return sorted(found)


def _admin_pages(world) -> list[str]:
    """The index, every section's page, and every page of every model the admin shows: its list (plain, searched
    for nothing, filtered), add, change, delete and history pages, and a version in django-simple-history."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    urls += [
        reverse("admin:app_list", args=[label]) for label in sorted({m._meta.app_label for m in admin.site._registry})
    ]
    for model in admin.site._registry:
        opts = model._meta
        row = security_world.first(model)
        name = f"admin:{opts.app_label}_{opts.model_name}"
        changelist = reverse(f"{name}_changelist")
        urls += [changelist, f"{changelist}?q=zzzz-nothing", f"{changelist}?{next(iter(_filter_query(model)), '')}"]
        urls += [reverse(f"{name}_add")]
        urls += [reverse(f"{name}_{page}", args=[row.pk]) for page in ("change", "delete", "history")]
        if hasattr(model, "history"):
            version = row.history.order_by("-history_id").first()
            urls.append(reverse(f"{name}_simple_history", args=[row.pk, version.history_id]))
    urls.append(reverse("admin:auth_user_password_change", args=[security_world.first(User).pk]))
    return urls


def _filter_query(model) -> list[str]:
    """A query string choosing the first value of the list's first filter, if it has one."""
    model_admin = admin.site._registry[model]
    filters = [spec for spec in model_admin.list_filter if isinstance(spec, str)]
    return [f"{filters[0]}__isnull=False"] if filters and "__" not in filters[0] else []


@pytest.fixture
def world(citizen, outsider, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return security_world.build(citizen, outsider)


@pytest.mark.django_db
def test_every_admin_page_says_nothing_in_english(admin_in, world):
    """Every admin page a superuser can open, and the messages after saving, running an action without a choice
    and deleting, in Kazakh (and in Russian): no string of Django's admin is left in English, no heading starts
    with a small letter, the permission lists and the change logs name permissions and fields in the language."""
    client = admin_in
    root = User.objects.create_superuser("root-kk", password="Root-pass-2026!", email="root@fund.example.kz")
    client.force_login(root)
    phrases, words = _english_phrases()
    phrases |= {"Can add", "Can change", "Can delete", "Can view"}  # permissions as Django stores them
    words |= {"historical"}
    problems, headings = [], []
    pages = {}
    for url in _admin_pages(world):
        response = client.get(url)
        if response.status_code == 403:  # e.g. the add page of a model nobody adds to
            continue
        assert response.status_code == 200, f"{url}: {response.status_code}"
        pages[url] = response.content.decode()

    def page(key, response):
        pages[key] = response.content.decode()

    # saving, and the history django-simple-history keeps
    wage = MinimumWage.objects.order_by("year").first()
    change = reverse("admin:payments_minimumwage_change", args=[wage.pk])
    page("saved", client.post(change, {"year": wage.year, "amount": wage.amount + 1, "_continue": "1"}, follow=True))
    page("versions", client.get(reverse("admin:payments_minimumwage_history", args=[wage.pk])))
    # an action, and Django's change log
    switch = ProviderOrganisation.objects.get()
    switches = reverse("admin:providers_providerorganisation_changelist")
    off = {"action": "switch_off", "index": 0, "_selected_action": [switch.pk]}
    page("switched off", client.post(switches, off, follow=True))
    page("change log", client.get(reverse("admin:providers_providerorganisation_history", args=[switch.pk])))
    # an action without a choice, an action without rows, deleting
    wages = reverse("admin:payments_minimumwage_changelist")
    page("no rows", client.post(wages, {"action": "delete_selected", "index": 0}, follow=True))
    page("no action", client.post(wages, {"action": "", "index": 0, "_selected_action": [wage.pk]}, follow=True))
    page("delete?", client.post(wages, {"action": "delete_selected", "index": 0, "_selected_action": [wage.pk]}))
    deleting = {"action": "delete_selected", "post": "yes", "_selected_action": [wage.pk]}
    page("deleted", client.post(wages, deleting, follow=True))
    page("recent actions", client.get(reverse("admin:index")))

    for url, html in pages.items():
        texts = _page_texts(html)
        if english := _english_on(texts, phrases, words):
            problems.append(f"{url}: {english}")
        title = " ".join(re.search(r"<title>(.*?)</title>", html, re.S).group(1).split())
        page_title = title.split(" | ")[-2]  # [object |] page title | site title
        for heading in [page_title, *re.findall(r"<h1>(.*?)</h1>|<summary>(.*?)</summary>", html, re.S)]:
            text = " ".join("".join(heading).split())
            if text[:1].islower():
                headings.append(f"{url}: {text}")
    assert len(pages) > 150
    assert not problems, f"English on {len(problems)} admin pages:\n" + "\n".join(problems)
    assert not headings, "headings in small letters:\n" + "\n".join(headings)
    gettext, opts = translation.gettext, MinimumWage._meta
    saved = gettext("The {name} “{obj}” was changed successfully. You may edit it again below.")
    assert saved.split("{obj}")[1].format(name=opts.verbose_name) in html_text(pages["saved"])
    changed = gettext("Changed {fields}.").format(fields=gettext("provider access enabled"))
    assert changed in html_text(pages["change log"])
    deleted = gettext("Successfully deleted %(count)d %(items)s.") % {"count": 1, "items": opts.verbose_name}
    assert deleted in html_text(pages["deleted"])
    if translation.get_language() == "kk":
        assert "Жойылған ең төменгі жалақы саны: 1." in html_text(pages["deleted"])
