"""Sessions kept in the database and cached in Redis, that keep working while Redis is down.

Django's `cached_db` store already survives a failed cache write, but not a failed read-back on a cache
miss, a key check or a delete: with Redis down every signed-in page, sign-in and sign-out would fail.
Here each cache call that fails is logged and the database, the source of truth, answers alone.
"""

import logging

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DBStore

log = logging.getLogger("django.contrib.sessions")


class SessionStore(cached_db.SessionStore):
    def _cache_unavailable(self, action: str) -> None:
        log.warning("session cache unavailable (%s): using the database alone", action)

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            self._cache_unavailable("get")
            return DBStore.load(self)
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        try:
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        except Exception:
            self._cache_unavailable("set")
        return data

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            self._cache_unavailable("has_key")
        return DBStore.exists(self, session_key)

    def delete(self, session_key=None):
        DBStore.delete(self, session_key)
        session_key = session_key if session_key is not None else self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:
            self._cache_unavailable("delete")
