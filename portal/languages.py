"""The page a visitor is on, in each of the portal's languages: the language links and the hreflang alternates.

The URL decides a page's language (Kazakh at the root, /ru/… and /en/…; decision 0018), so switching language is
a plain link to the same page under another prefix: no form, no cookie, no JavaScript, and the link can be shared.
Paths are the same in every language (none is translated; a test holds that), so the page in another language is
the same path under that language's prefix, with the same query.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.encoding import escape_uri_path
from django.utils.functional import SimpleLazyObject

# Each language named in itself, as a speaker of it looks for it; the short form is what the header shows.
NAMES = {"kk": ("Қазақша", "Қаз"), "ru": ("Русский", "Рус"), "en": ("English", "Eng")}
PREFIXES = {code: "" if code == settings.LANGUAGE_CODE else f"/{code}" for code, _name in settings.LANGUAGES}


@dataclass(frozen=True)
class PageLanguage:
    code: str
    name: str
    short: str
    url: str  # this page in the language, with its query string
    current: bool


def page_languages(request) -> list[PageLanguage]:
    """This page in every language, the current one included."""
    current = translation.get_language()
    path = request.path_info
    prefix = PREFIXES.get(current, "")
    if prefix and path.startswith(prefix + "/"):
        path = path[len(prefix) :]
    script = request.path[: len(request.path) - len(request.path_info)]  # where the portal is mounted, if not at /
    query = request.GET.urlencode()
    pages = []
    for code, _name in settings.LANGUAGES:
        url = escape_uri_path(f"{script}{PREFIXES[code]}{path}") + (f"?{query}" if query else "")
        name, short = NAMES[code]
        pages.append(PageLanguage(code, name, short, url, code == current))
    return pages


def alternates(request) -> dict:
    """Context processor: `page_languages`, worked out only if a template reads it (JSON and files never do)."""
    return {"page_languages": SimpleLazyObject(lambda: page_languages(request))}
