"""Fixed-window rate limits kept in the cache (Redis in production), shared by every process.

`allow(scope, ident, limit, seconds)` counts one attempt and says whether it is within the limit; `allow_all(checks)`
does it for several windows at once. The counts live in Redis, shared by every process; while Redis is down each
process counts in its own memory, so the limits keep holding and the outage is logged for operators.

`public_lookup_checks(...)` is the set of limits for an anonymous look-up of a personal answer (the public status
check, following an appeal): per client address, per network, per IIN or number, and for everyone together.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from redis.exceptions import NoScriptError

from plumbing import redis_connection, retry_after

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


@lru_cache(maxsize=4096)
def network_of(address: str) -> str:
    """The network a client address belongs to for rate limits: its IPv4 /24 or IPv6 /64."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    return str(ipaddress.ip_network(f"{ip}/{24 if ip.version == 4 else 64}", strict=False))


def _key(scope: str, ident: str, seconds: int, digest: str | None = None) -> str:
    window = int(time.time()) // seconds
    return f"throttle:{scope}:{digest or _digest(ident)}:{window}"


def _digest(ident: str) -> str:
    """A keyed hash: never IINs or addresses in clear, and not a plain hash that a list of all IINs would reverse."""
    return hmac.new(_hmac_key(settings.SECRET_KEY), ident.encode(), hashlib.sha256).hexdigest()[:24]


@lru_cache(maxsize=4)
def _hmac_key(secret: str) -> bytes:
    """The key `salted_hmac("accounts.throttle", …)` derives from SECRET_KEY, derived once (the same digests)."""
    return hashlib.sha256(b"accounts.throttle" + secret.encode()).digest()


def allow(scope: str, ident: str, *, limit: int, seconds: int) -> bool:
    """Count one attempt in one window; `allow_all` of that window."""
    return allow_all([(scope, ident, limit, seconds)])


# Counts the windows in order, in one round trip, and stops at the first that refuses: KEYS are the windows,
# ARGV their (limit, seconds) pairs. Returns 0 when all allow, else the 1-based number of the refusing window.
_COUNT_WINDOWS = """
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('EXPIRE', key, tonumber(ARGV[2 * i]) + 1) end
  if count > tonumber(ARGV[2 * i - 1]) then return i end
end
return 0
"""


def allow_all(checks: list[Check]) -> bool:
    """Count the attempt in each (scope, ident, limit, seconds) window in turn; allowed only if all allow it.

    Counting stops at the first window that refuses: an attempt refused for its client is not counted in the
    windows after it, so a client over its own limit cannot use up a budget shared with others. A refusal notes
    how long its window has left, for the answer's `Retry-After` (plumbing.retry_after).

    On Redis every window is counted by one server-side script: a public check pays one round trip and one
    command, whatever the number of windows. While Redis is unreachable the windows are counted in this process's
    memory (the "limits" cache): each process then allows at most the limit, so the limits still hold, a few
    times looser, and nobody is refused for Redis's sake. Without Redis at all (the embedded mode) they are
    counted in the default cache, which is this process's memory too.
    """
    digests = {ident: _digest(ident) for ident in {check[1] for check in checks}}  # each identity hashed once
    keys = [_key(scope, ident, seconds, digests[ident]) for scope, ident, _, seconds in checks]
    refused = _count(checks, keys)
    if refused:
        seconds = checks[refused - 1][3]
        retry_after.note(seconds - int(time.time()) % seconds)  # the refusing window's time left
    return not refused


def _count(checks: list[Check], keys: list[str]) -> int:
    """0 when every window allows the attempt, else the 1-based number of the first that refuses."""
    connection = redis_connection.connection()
    if connection is None:
        return _count_in(caches["default"], checks, keys)
    make_key = caches["default"].make_key  # the cache's key prefix and version, as Redis holds the keys
    limits = [value for _, _, limit, seconds in checks for value in (limit, seconds)]
    try:
        return _count_windows(connection, [make_key(key) for key in keys], limits)
    except Exception:
        log.warning(
            "rate-limit Redis unavailable for scopes %s: counted in this process", ",".join(c[0] for c in checks)
        )
        return _count_in(caches["limits"], checks, keys)


def _count_in(cache, checks: list[Check], keys: list[str]) -> int:
    """`_count` in a Django cache of this process, window by window (the same stop at the first refusal)."""
    for number, ((_, _, limit, seconds), key) in enumerate(zip(checks, keys, strict=True), start=1):
        if cache.add(key, 1, timeout=seconds + 1):
            continue
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add and incr: a new window
            cache.set(key, 1, timeout=seconds + 1)
            continue
        if count > limit:
            return number
    return 0


_COUNT_WINDOWS_SHA = hashlib.sha1(_COUNT_WINDOWS.encode()).hexdigest()


def _count_windows(connection, keys: list[str], limits: list[int]) -> int:
    """The windows script on `connection`: EVALSHA, and the script itself once Redis says it does not know it
    (NOSCRIPT: a new or restarted Redis). A connection that fails is closed; the next call connects anew."""
    command = connection.pack_command("EVALSHA", _COUNT_WINDOWS_SHA, len(keys), *keys, *limits)
    try:
        try:
            connection.send_packed_command(command, check_health=False)
            return connection.read_response()
        except NoScriptError:
            connection.send_command("SCRIPT", "LOAD", _COUNT_WINDOWS)
            connection.read_response()
            connection.send_packed_command(command, check_health=False)
            return connection.read_response()
    except Exception:
        connection.disconnect()
        raise


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
