"""Sign-in lock-out: repeated failures pause signing in to one account, or from one client address.

After LOCKOUT_ACCOUNT_FAILURES failed sign-ins for the same IIN or staff username, or LOCKOUT_CLIENT_FAILURES
from the same client address, within LOCKOUT_WINDOW_SECONDS, sign-in to that account (from anywhere), or from
that address (to any account), is refused for LOCKOUT_SECONDS without even checking the password. The way back:
the pause ends by itself, and a password reset lifts an account's pause at once (`unlock`). An IIN that has no
account is counted and paused like any other, so the lock-out tells nothing about who is registered.

The web sign-in, the admin sign-in (both through `LockoutFormMixin`) and the API's token endpoint use it.

Counters live in the cache (Redis in production), shared by every process. If the cache fails, the counts move
to the database (SignInFailure) until it answers again: a Redis outage neither stops citizens from signing in
nor lifts the lock-out (see docs/decisions/0007-security-headers-and-lockout.md). Identities are stored only as
keyed hashes, never as IINs or addresses in clear.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from . import throttle

log = logging.getLogger(__name__)

ACCOUNT, CLIENT = "account", "client"


@dataclass(frozen=True)
class Lock:
    scope: str  # ACCOUNT or CLIENT
    until: datetime

    @property
    def seconds_left(self) -> int:
        return max(1, math.ceil((self.until - timezone.now()).total_seconds()))


def _limits() -> dict[str, int]:
    return {ACCOUNT: settings.LOCKOUT_ACCOUNT_FAILURES, CLIENT: settings.LOCKOUT_CLIENT_FAILURES}


def _digest(scope: str, ident: str) -> str:
    normalised = ident.strip().lower() if scope == ACCOUNT else ident
    return salted_hmac("accounts.lockout", f"{scope}:{normalised}", algorithm="sha256").hexdigest()[:40]


def _keys(scope: str, ident: str) -> tuple[str, str]:
    digest = _digest(scope, ident)
    return f"lockout:fail:{scope}:{digest}", f"lockout:lock:{scope}:{digest}"


# --- the cache, and the database when the cache fails ----------------------------------------------------------


def _lock_until_cached(scope: str, ident: str) -> datetime | None:
    value = cache.get(_keys(scope, ident)[1])
    return datetime.fromtimestamp(value, tz=UTC) if value else None


def _fail_cached(scope: str, ident: str, limit: int) -> datetime | None:
    failures, lock = _keys(scope, ident)
    cache.add(failures, 0, timeout=settings.LOCKOUT_WINDOW_SECONDS)
    try:
        count = cache.incr(failures)
    except ValueError:  # expired between add and incr: this failure starts a new window
        cache.set(failures, 1, timeout=settings.LOCKOUT_WINDOW_SECONDS)
        count = 1
    if count < limit:
        return None
    until = timezone.now() + timedelta(seconds=settings.LOCKOUT_SECONDS)
    cache.set(lock, until.timestamp(), timeout=settings.LOCKOUT_SECONDS)
    cache.delete(failures)
    return until


def _clear_cached(scope: str, ident: str) -> None:
    cache.delete_many(list(_keys(scope, ident)))


def _db():
    from .models import SignInFailure

    return SignInFailure


def _lock_until_db(scope: str, ident: str) -> datetime | None:
    row = _db().objects.filter(key=_keys(scope, ident)[1], at__gt=timezone.now()).order_by("-at").first()
    return row.at if row else None


def _fail_db(scope: str, ident: str, limit: int) -> datetime | None:
    model, now = _db(), timezone.now()
    failures, lock = _keys(scope, ident)
    model.objects.filter(at__lt=now - timedelta(days=1)).delete()  # the table only ever holds a day
    model.objects.create(key=failures, at=now)
    since = now - timedelta(seconds=settings.LOCKOUT_WINDOW_SECONDS)
    if model.objects.filter(key=failures, at__gt=since).count() < limit:
        return None
    until = now + timedelta(seconds=settings.LOCKOUT_SECONDS)
    model.objects.create(key=lock, at=until)
    model.objects.filter(key=failures).delete()
    return until


def _clear_db(scope: str, ident: str) -> None:
    _db().objects.filter(key__in=_keys(scope, ident)).delete()


def _cache_failed(action: str) -> None:
    log.warning("lock-out cache unavailable (%s): counting in the database", action)


def _lock_until(scope: str, ident: str) -> datetime | None:
    try:
        until = _lock_until_cached(scope, ident)
    except Exception:  # noqa: BLE001 - any cache failure
        _cache_failed("get")
        until = _lock_until_db(scope, ident)
    return until if until is not None and until > timezone.now() else None


# --- what sign-in views call -------------------------------------------------------------------------------------


def locked(username: str, client: str) -> Lock | None:
    """The pause that applies to this account or to this address now (the account's first), or None."""
    for scope, ident in ((ACCOUNT, username), (CLIENT, client)):
        until = _lock_until(scope, ident)
        if until is not None:
            return Lock(scope, until)
    return None


def failed(username: str, client: str) -> Lock | None:
    """Count one failed sign-in for the account and the address; the pause it starts, if it starts one."""
    started = None
    for scope, ident in ((ACCOUNT, username), (CLIENT, client)):
        limit = _limits()[scope]
        try:
            until = _fail_cached(scope, ident, limit)
        except Exception:  # noqa: BLE001 - any cache failure
            _cache_failed("count")
            until = _fail_db(scope, ident, limit)
        if until is not None and started is None:
            started = Lock(scope, until)
    return started


def succeeded(username: str) -> None:
    """A correct password: the account's earlier failures no longer count (the address's still do)."""
    failures, _lock = _keys(ACCOUNT, username)
    try:
        cache.delete(failures)
    except Exception:  # noqa: BLE001 - any cache failure
        _cache_failed("delete")
        _db().objects.filter(key=failures).delete()


def unlock(username: str) -> None:
    """Lift the account's pause and forget its failures (after a password reset), in the cache and the database."""
    try:
        _clear_cached(ACCOUNT, username)
    except Exception:  # noqa: BLE001 - any cache failure
        _cache_failed("delete")
    _clear_db(ACCOUNT, username)


def message(lock: Lock) -> str:
    """What the person is told, in their language: why, until when, and the way back."""
    until = time_format(timezone.localtime(lock.until), "H:i")
    if lock.scope == ACCOUNT:
        return _(
            "Too many wrong passwords for this account: signing in to it is paused until %(time)s. "
            "If you forgot the password, reset it with “Forgot your password?”: that lifts the pause at once."
        ) % {"time": until}
    return _(
        "Too many failed sign-ins from your network address: signing in from it is paused until %(time)s. "
        "If you forgot your password, reset it with “Forgot your password?”."
    ) % {"time": until}


class LockoutFormMixin:
    """For an AuthenticationForm (the portal's and the admin's): refuse while paused, count each failure."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        client = throttle.client_address(self.request) if self.request is not None else "unknown"
        lock = locked(username, client) if username else None
        if lock is not None:
            raise ValidationError(message(lock), code="locked")
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                lock = failed(username, client)
                if lock is not None:
                    raise ValidationError(message(lock), code="locked") from None
            raise
        if self.cleaned_data.get("password"):
            succeeded(username)
        return cleaned
