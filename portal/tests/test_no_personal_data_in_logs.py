"""No personal data in application logs: IINs (12 digits) and e-mail addresses are masked in every record the
configured handlers write, whatever logger it comes from, including Django's own 4xx warnings whose request path
holds an IIN (/api/v1/status/<iin>)."""

import io
import logging
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts import iin as iin_rules
from plumbing.logfilters import MaskPersonalData, mask

pytestmark = pytest.mark.django_db

IIN = iin_rules.compose(date(1990, 5, 17), "F", 321)
WRONG_CHECK = IIN[:11] + str((int(IIN[11]) + 1) % 10)


@pytest.fixture(autouse=True)
def empty_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def console():
    """What the configured console handler writes (the production log), captured."""
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, MaskPersonalData) for f in h.filters))
    stream = io.StringIO()
    saved = handler.setStream(stream)
    yield stream
    handler.setStream(saved)


def test_every_configured_handler_masks():
    from django.conf import settings

    assert all("mask_personal_data" in h.get("filters", []) for h in settings.LOGGING["handlers"].values())
    for name in ("django", "django.request", "django.server"):  # Django's own unmasked handlers are gone
        assert not logging.getLogger(name).handlers


def test_404_400_401_and_429_warnings_name_no_iin(client, caplog, console, citizen):
    caplog.set_level(logging.INFO)
    client.get(f"/organisations/{IIN}/")  # 404: Not Found: /organisations/<iin>/
    client.get(reverse("v1:status-check", args=[WRONG_CHECK]))  # 400: Bad Request: /api/v1/status/<iin>
    client.get(reverse("v1:provider-status", args=[IIN]))  # 401
    client.get(f"/cabinet/certificate/{IIN}.pdf")  # not a UUID: 404
    for _ in range(12):  # the sixth check of one IIN is refused: 429
        client.get(reverse("v1:status-check", args=[IIN]))
    client.post(reverse("accounts:login"), {"username": citizen.username, "password": "wrong"})
    client.post(reverse("payments:status_check"), {"iin": IIN})
    written = console.getvalue()
    for text in (caplog.text, written):
        assert IIN not in text and WRONG_CHECK not in text and citizen.username not in text
        assert "[IIN]" in text
    assert "Not Found: /organisations/[IIN]/" in written
    assert "Too Many Requests: /api/v1/status/[IIN]" in written


def test_application_messages_arguments_and_tracebacks_are_masked(console):
    log = logging.getLogger("payments.services")
    log.warning("recompute failed for %s (%s)", IIN, "aigerim@example.kz")
    log.info("person %(iin)s", {"iin": IIN})
    try:
        raise ValueError(f"no status for {IIN}")
    except ValueError:
        log.exception("import stopped")
    written = console.getvalue()
    assert IIN not in written and "aigerim@example.kz" not in written
    assert "recompute failed for [IIN] ([e-mail])" in written and "person [IIN]" in written
    assert "ValueError: no status for [IIN]" in written


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"GET /api/v1/status/{IIN} 429", "GET /api/v1/status/[IIN] 429"),
        (f"iin={IIN}&x=1", "iin=[IIN]&x=1"),
        ("card 1234567890123", "card 1234567890123"),  # 13 digits: not an IIN
        ("12345678901", "12345678901"),
        ("to: a.b+c@mail.example.kz.", "to: [e-mail]."),
    ],
)
def test_mask(text, masked):
    assert mask(text) == masked
