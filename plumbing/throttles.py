"""API throttles that count in the shared cache and fail open when it is down.

Kept apart from plumbing.api: DRF imports these classes while it builds its settings, before
any view module may be imported.
"""

import logging

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

log = logging.getLogger(__name__)


class _FailOpen:
    """If the cache (Redis) is down, let the request through and say so in the log.

    The database still answers citizens; a throttle must not turn a cache outage into a
    portal outage. The per-IIN limits of the public look-ups live in accounts.throttle and
    fail open the same way.
    """

    def get_ident(self, request):
        # The same client address as every other limit (accounts.throttle): X-Forwarded-For only from the
        # TRUSTED_PROXIES the deployment declares, never as the client wrote it.
        from accounts.throttle import client_address

        return client_address(request)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # noqa: BLE001 - any cache failure
            log.warning("API throttle cache unavailable (%s)", self.scope)
            return True


class AnonThrottle(_FailOpen, AnonRateThrottle):
    pass


class UserThrottle(_FailOpen, UserRateThrottle):
    pass
