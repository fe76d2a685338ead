"""Fixed-window rate limits kept in the cache (Redis in production), shared by every process.

`allow(scope, ident, limit, seconds)` counts one attempt and says whether it is within the limit.
If the cache is down the attempt is allowed and a warning is logged: citizens' pages keep answering
(the database is still the source of truth), and the outage is visible to operators.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.core.cache import cache

log = logging.getLogger(__name__)


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(scope: str, ident: str, seconds: int) -> str:
    window = int(time.time()) // seconds
    digest = hashlib.sha256(ident.encode()).hexdigest()[:24]  # never store IINs or addresses in clear
    return f"throttle:{scope}:{digest}:{window}"


def allow(scope: str, ident: str, *, limit: int, seconds: int) -> bool:
    key = _key(scope, ident, seconds)
    try:
        if cache.add(key, 1, timeout=seconds + 1):
            return True
        return cache.incr(key) <= limit
    except ValueError:  # the key expired between add and incr
        return True
    except Exception:  # the cache is down: stay available, say so in the log
        log.warning("rate-limit cache unavailable for scope %s", scope)
        return True


def allow_all(checks: list[tuple[str, str, int, int]]) -> bool:
    """Count the attempt in every (scope, ident, limit, seconds) window; allowed only if all allow it."""
    results = [allow(scope, ident, limit=limit, seconds=seconds) for scope, ident, limit, seconds in checks]
    return all(results)
