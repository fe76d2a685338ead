"""plumbing.cache: Django's Redis cache, one redis-py client kept per pool (the production setting)."""

import secrets
import threading

import pytest
from django.core.cache import caches

from plumbing.cache import RedisCache

pytestmark = pytest.mark.services


def test_the_cache_is_redis_with_one_client_for_each_pool():
    backend = caches["default"]
    assert isinstance(backend, RedisCache)
    client = backend._cache.get_client(write=True)
    assert backend._cache.get_client("any-key") is client
    key, counter = f"kept-client-{secrets.token_hex(6)}", f"kept-client-n-{secrets.token_hex(6)}"
    backend.set(key, {"a": 1}, 30)
    assert backend.get(key) == {"a": 1}
    assert backend.add(counter, 1, 30) and backend.incr(counter) == 2
    backend.delete_many([key, counter])
    assert backend.get(key) is None and backend.get(counter) is None


def test_each_thread_has_its_own_backend_and_client():
    clients = []

    def ask():
        clients.append(caches["default"]._cache.get_client(write=True))
        caches["default"].get("kept-client-test")

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(client) for client in clients}) == 3
