"""plumbing.sessions: the database is the source of truth, the cache only speeds reading it back."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.utils import timezone

from plumbing.sessions import SessionStore

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_cache(settings):
    """Sessions cached in a Redis where nothing listens: every cache call fails at once."""
    settings.CACHES = {
        **settings.CACHES,
        "broken": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    settings.SESSION_CACHE_ALIAS = "broken"


def saved(**data) -> str:
    store = SessionStore()
    store.update(data)
    store.save()
    return store.session_key


def test_a_session_is_read_back_from_the_database_and_then_kept_in_the_cache():
    key = saved(user="alice")
    caches["default"].clear()
    assert SessionStore(key).load() == {"user": "alice"}  # from the database
    Session.objects.filter(session_key=key).update(session_data=SessionStore().encode({"user": "mallory"}))
    assert SessionStore(key).load() == {"user": "alice"}  # from the cache now


def test_an_unknown_key_gives_an_empty_session_under_a_new_key():
    store = SessionStore("x" * 32)
    assert store.load() == {} and store.session_key is None
    store["user"] = "alice"
    store.save()
    assert store.session_key != "x" * 32  # never a session under a key the client chose


def test_an_expired_session_is_gone():
    key = saved(user="alice")
    caches["default"].clear()
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert SessionStore(key).load() == {}


def test_with_the_cache_down_the_database_answers_alone(broken_cache, caplog):
    key = saved(user="alice")  # Django's save logs the failed cache write and goes on
    assert SessionStore(key).load() == {"user": "alice"}
    assert SessionStore().exists(key)
    SessionStore(key).delete()
    assert not Session.objects.filter(session_key=key).exists()
    assert "session cache unavailable (get)" in caplog.text and "(delete)" in caplog.text
