"""The limits hold when Redis does not answer, and every refusal says when to try again (Retry-After)."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from accounts import throttle
from payments.views import CHECK_IIN_LIMIT, CHECK_LIMITS

pytestmark = pytest.mark.django_db

CLIENT_PER_MINUTE = CHECK_LIMITS[0][1]


@pytest.fixture(autouse=True)
def empty_counts():
    for alias in ("default", "limits"):
        caches[alias].clear()
    yield
    for alias in ("default", "limits"):
        caches[alias].clear()


@pytest.fixture
def redis_unreachable(settings):
    """REDIS_URL names a port where nothing listens: every count in Redis fails at once."""
    settings.REDIS_URL = "redis://127.0.0.1:1/0"


def api_checks(client, iins, address="198.51.100.7"):
    return [client.get(f"/api/v1/status/{iin}", REMOTE_ADDR=address) for iin in iins]


def iins(count):
    from datetime import date

    from accounts import iin

    return [iin.compose(date(1990, 1, 1), "M", serial) for serial in range(1, count + 1)]


def test_a_refused_check_says_when_to_try_again(client):
    answers = api_checks(client, iins(CLIENT_PER_MINUTE + 2))
    assert [a.status_code for a in answers] == [200] * CLIENT_PER_MINUTE + [429, 429]
    for answer in answers[-2:]:
        assert 1 <= int(answer["Retry-After"]) <= 60  # the rest of the client's minute
    assert "Retry-After" not in answers[0]


def test_the_web_forms_refusal_says_it_too(client):
    form = reverse("payments:status_check")
    for number in iins(CLIENT_PER_MINUTE):
        client.post(form, {"iin": number}, REMOTE_ADDR="198.51.100.8")
    refused = client.post(form, {"iin": iins(1)[0]}, REMOTE_ADDR="198.51.100.8")
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60


def test_with_redis_unreachable_the_limits_still_hold(client, redis_unreachable, caplog):
    answers = api_checks(client, iins(CLIENT_PER_MINUTE + 5))
    assert [a.status_code for a in answers] == [200] * CLIENT_PER_MINUTE + [429] * 5
    assert "rate-limit Redis unavailable" in caplog.text


def test_with_redis_unreachable_one_iin_is_still_limited_across_clients(client, redis_unreachable):
    number = iins(1)[0]
    limit = CHECK_IIN_LIMIT[1]
    codes = [client.get(f"/api/v1/status/{number}", REMOTE_ADDR=f"203.0.113.{n}").status_code for n in range(8)]
    assert codes == [200] * limit + [429] * (8 - limit)


def test_a_refusal_notes_the_time_left_in_the_window_that_refused(redis_unreachable):
    from contextvars import copy_context

    from plumbing import retry_after

    def twice() -> tuple:
        return throttle.allow_all([("t-hour", "x", 1, 3_600)]), throttle.allow_all([("t-hour", "x", 1, 3_600)])

    context = copy_context()  # as a request's own: nothing noted yet
    assert context.run(retry_after.noted) is None
    assert context.run(twice) == (True, False)
    assert 0 < context.run(retry_after.noted) <= 3_600
