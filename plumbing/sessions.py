"""Sessions kept in the database and cached in Redis, that keep working while Redis is down.

Django's `cached_db` store already survives a failed cache write, but not a failed read-back on a cache miss, a key
check or a delete: with Redis down every signed-in page, sign-in and sign-out would fail. Here each cache call that
fails is logged and the database, the source of truth, answers alone. Only public parts of Django are used: the
cache by its alias, the session table through the store's model, and `db.SessionStore.load` where a session is
gone (it also forgets the key the client sent, so that no session is ever created under a key a client chose).

Why not the database alone: the signed-in status page costs 6% more CPU and 17% more time with Django's database
store (loadtest/overrides.py, decision 0016).
"""

import logging

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.cache import caches
from django.utils import timezone

log = logging.getLogger("django.contrib.sessions")


def _cache():
    return caches[settings.SESSION_CACHE_ALIAS]


def _unavailable(action: str) -> None:
    log.warning("session cache unavailable (%s): using the database alone", action)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            data = _cache().get(self.cache_key)
        except Exception:
            _unavailable("get")
            return DBStore.load(self)
        if data is not None:
            return data
        stored = (
            self.model.objects.filter(session_key=self.session_key, expire_date__gt=timezone.now())
            .values_list("session_data", "expire_date")
            .first()
        )
        if stored is None:
            return DBStore.load(self)  # gone or expired: Django's own answer, which forgets the key
        data = self.decode(stored[0])
        try:
            _cache().set(self.cache_key, data, self.get_expiry_age(expiry=stored[1]))
        except Exception:
            _unavailable("set")
        return data

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in _cache():
                return True
        except Exception:
            _unavailable("has_key")
        return DBStore.exists(self, session_key)

    def delete(self, session_key=None):
        DBStore.delete(self, session_key)
        session_key = session_key if session_key is not None else self.session_key
        if session_key is None:
            return
        try:
            _cache().delete(self.cache_key_prefix + session_key)
        except Exception:
            _unavailable("delete")
