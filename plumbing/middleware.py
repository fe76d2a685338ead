"""Project middleware: the API's language, signed-in sessions' idle time, private responses, and the
Content-Security-Policy.

A page's language is its URL's (/ru/…, /en/…, Kazakh at the root: portal/urls.py and decision 0018); Django's
LocaleMiddleware sets it. The JSON API has no prefix: an app or a bot asks with Accept-Language, as is usual.

Content-Security-Policy: Django 5.2 has none built in; Django 6.0 has one with the same setting (SECURE_CSP)
and the same per-view decorator (csp_override), so moving to it later is a change of import paths.
See docs/decisions/0007-security-headers-and-lockout.md.
"""

import time
from functools import wraps

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import translation
from django.utils.cache import patch_cache_control

from .api import is_api


class ApiLanguageMiddleware:
    """After LocaleMiddleware: under /api/ the language is Accept-Language's (LocaleMiddleware gives every URL
    without a prefix the root's Kazakh, since the pages use prefixes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api(request):
            request.LANGUAGE_CODE = translation.get_language_from_request(request)
            translation.activate(request.LANGUAGE_CODE)
        return self.get_response(request)


class SessionIdleMiddleware:
    """A signed-in session ends after SESSION_COOKIE_AGE of inactivity: each request of a signed-in citizen pushes
    the end back, by saving the session, at most once every SESSION_REFRESH_SECONDS. Saving on every request
    (SESSION_SAVE_EVERY_REQUEST) wrote the session to Redis and the database, one commit, for every page seen.
    Anonymous visitors' sessions are left alone (a made-up session cookie never creates a session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        signed_in = session is not None and settings.SESSION_COOKIE_NAME in request.COOKIES and session.get(SESSION_KEY)
        if signed_in and int(time.time()) - session.get("_refreshed", 0) >= settings.SESSION_REFRESH_SECONDS:
            session["_refreshed"] = int(time.time())  # marks the session modified: SessionMiddleware saves it
        response = self.get_response(request)
        if session is not None and session.modified and session.get(SESSION_KEY):
            session["_refreshed"] = int(time.time())  # saved anyway (a sign-in, a change): the minute starts now
        return response


# --- Content-Security-Policy ------------------------------------------------------------------------------------

# Anything that is not an HTML page (JSON, CSV, PDF, uploaded documents): nothing may run or load, even if a
# browser is tricked into rendering it as a page.
FILE_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()"


def build_policy(config: dict) -> str:
    """{"default-src": ["'self'"], "upgrade-insecure-requests": True} → "default-src 'self'; upgrade-…"."""
    parts = []
    for directive, sources in config.items():
        if sources is True:
            parts.append(directive)
        elif sources:
            parts.append(" ".join([directive, *sources]))
    return "; ".join(parts)


def csp_override(config: dict):
    """A view whose pages need another policy than settings.SECURE_CSP (the API docs)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response._csp_config = config
            return response

        return wrapped

    return decorator


def _is_page(response) -> bool:
    disposition = response.get("Content-Disposition", "")
    return response.get("Content-Type", "").startswith("text/html") and not disposition.startswith("attachment")


class ContentSecurityPolicyMiddleware:
    """A strict policy on every page (no inline script or style), FILE_POLICY on everything else.

    A response that already carries a Content-Security-Policy keeps it (a view that serves a document says its
    own). Also sends a Permissions-Policy that switches off the browser features the portal never uses.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django's debug error pages (DEBUG only) are styled inline: they go without a policy.
        debug_page = settings.DEBUG and response.status_code >= 400 and _is_page(response)
        if "Content-Security-Policy" not in response and not debug_page:
            if _is_page(response):
                config = getattr(response, "_csp_config", None) or settings.SECURE_CSP
                response["Content-Security-Policy"] = build_policy(config)
            else:
                response["Content-Security-Policy"] = FILE_POLICY
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class PrivateResponseMiddleware:
    """A page or API answer for a signed-in person (session or token) is theirs: browsers and proxies must not
    keep it (the back button on a shared computer after sign-out, a caching proxy). A view that says its own
    Cache-Control keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META
        if signed_in and "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response
