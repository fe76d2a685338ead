"""Fixed-window rate limits kept in the cache (Redis in production), shared by every process.

`allow(scope, ident, limit, seconds)` counts one attempt and says whether it is within the limit.
If the cache is down the attempt is allowed and a warning is logged: citizens' pages keep answering
(the database is still the source of truth), and the outage is visible to operators.

`public_lookup_checks(...)` is the set of limits for an anonymous look-up of a personal answer (the public status
check, following an appeal): per client address, per network, per IIN or number, and for everyone together.
"""

from __future__ import annotations

import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

log = logging.getLogger(__name__)

Check = tuple[str, str, int, int]  # (scope, ident, limit, seconds)


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXIES reverse proxies the address the outermost
    of them saw (the n-th entry from the right of X-Forwarded-For; what the client wrote itself is further left)."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    hops = settings.TRUSTED_PROXIES
    if hops > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                log.warning("X-Forwarded-For does not end with an address: using REMOTE_ADDR")
    return remote


def network_of(address: str) -> str:
    """The network a client address belongs to for rate limits: its IPv4 /24 or IPv6 /64."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    return str(ipaddress.ip_network(f"{ip}/{24 if ip.version == 4 else 64}", strict=False))


def _key(scope: str, ident: str, seconds: int) -> str:
    window = int(time.time()) // seconds
    # A keyed hash: never IINs or addresses in clear, and not a plain hash that a list of all IINs would reverse.
    digest = salted_hmac("accounts.throttle", ident, algorithm="sha256").hexdigest()[:24]
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


def allow_all(checks: list[Check]) -> bool:
    """Count the attempt in each (scope, ident, limit, seconds) window in turn; allowed only if all allow it.

    Counting stops at the first window that refuses: an attempt refused for its client is not counted in the
    windows after it, so a client over its own limit cannot use up a budget shared with others.

    On Redis every window is counted in one round trip (a pipeline), and the windows after a refusing one
    are given their count back in a second: a public check pays one round trip, not one per window.
    """
    client = _redis_client()
    if client is None:
        return all(allow(scope, ident, limit=limit, seconds=seconds) for scope, ident, limit, seconds in checks)
    keys = [cache.make_and_validate_key(_key(scope, ident, seconds)) for scope, ident, _, seconds in checks]
    try:
        pipe = client.pipeline(transaction=False)
        for key, (_, _, _, seconds) in zip(keys, checks, strict=True):
            pipe.set(key, 0, ex=seconds + 1, nx=True)
            pipe.incr(key)
        counts = pipe.execute()[1::2]
        for index, (count, (_, _, limit, _)) in enumerate(zip(counts, checks, strict=True)):
            if count > limit:
                if later := keys[index + 1 :]:
                    pipe = client.pipeline(transaction=False)
                    for key in later:
                        pipe.decr(key)
                    pipe.execute()
                return False
        return True
    except Exception:  # the cache is down: stay available, say so in the log
        log.warning("rate-limit cache unavailable for scopes %s", ",".join(check[0] for check in checks))
        return True


def _redis_client():
    """The Redis client behind Django's cache, or None when the cache is not Redis (the embedded default)."""
    backend = getattr(cache, "_cache", None)
    if backend is None or not hasattr(backend, "get_client"):
        return None
    try:
        return backend.get_client(write=True)
    except Exception:
        return None


def public_lookup_checks(
    scope: str, client: str, client_limits: list[tuple[str, int, int]], item: Check | None = None
) -> list[Check]:
    """The limits of an anonymous look-up, most particular first: the client's own (`client_limits`, as
    (scope, limit, seconds)), its network's, the looked-up item's (an IIN, an appeal number), and the budget
    shared by everyone (settings.PUBLIC_LOOKUPS_*), which stops a sweep spread over many addresses."""
    network = network_of(client)
    checks = [(name, client, limit, seconds) for name, limit, seconds in client_limits]
    checks += [
        (f"{scope}-net-min", network, settings.PUBLIC_LOOKUPS_PER_NETWORK_MINUTE, 60),
        (f"{scope}-net-day", network, settings.PUBLIC_LOOKUPS_PER_NETWORK_DAY, 86_400),
    ]
    if item is not None:
        checks.append(item)
    checks += [
        (f"{scope}-all-min", "all", settings.PUBLIC_LOOKUPS_PER_MINUTE, 60),
        (f"{scope}-all-hour", "all", settings.PUBLIC_LOOKUPS_PER_HOUR, 3_600),
    ]
    return checks
