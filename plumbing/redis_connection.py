"""The limiter's own Redis connection: one per thread, made with redis-py's public API from settings.REDIS_URL.

Every anonymous look-up (the public check, following an appeal) counts its windows in Redis with one script call.
Through a `redis.Redis` client each call also paid for its pool's lock and its retry wrapper: 136-177 µs of CPU
against 57-60 µs on a plain connection, as much again as the round trip itself (decision 0016). So each thread
keeps one `redis.Connection` of its own, made by a pool built from the URL (its address, password, database) with
the cache's timeouts, and never returned to it; a connection that failed is closed by its user and connects again
when next used. A forked worker makes its own: a connection is never shared across processes.
"""

from __future__ import annotations

import os
import threading

import redis
from django.conf import settings

TIMEOUT_SECONDS = 1  # as the cache's (settings.CACHES): a Redis that hangs must not hold a request up

_local = threading.local()


def connection() -> redis.Connection | None:
    """This thread's connection to settings.REDIS_URL, or None without Redis (the embedded mode)."""
    if not settings.REDIS_URL:
        return None
    kept = getattr(_local, "kept", None)
    if kept is None or kept[0] != os.getpid() or kept[1] != settings.REDIS_URL:
        pool = redis.ConnectionPool.from_url(
            settings.REDIS_URL, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
        )
        kept = _local.kept = (os.getpid(), settings.REDIS_URL, pool.make_connection())
    return kept[2]
