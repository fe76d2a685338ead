"""Per-organisation limits on look-ups, so that a provider account cannot be used to sweep the registry.

Fixed windows of one minute and one day, counted in the shared cache by `accounts.throttle` (Redis in
production). The day is counted only for attempts the minute allows, so a burst refused by the minute limit
does not use up the day. Limits come from settings (PROVIDER_LOOKUPS_PER_MINUTE, PROVIDER_LOOKUPS_PER_DAY) or
from the organisation's own switch when fund operators set one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from accounts import throttle

from .models import ProviderOrganisation

MINUTE = 60
DAY = 86_400


@dataclass(frozen=True)
class Exceeded:
    window: str  # "minute" or "day"
    limit: int
    retry_after: int  # seconds until the window ends


def _until_next(seconds: int) -> int:
    return seconds - int(time.time()) % seconds


def count_lookup(switch: ProviderOrganisation) -> Exceeded | None:
    """Count one look-up of the organisation; None when it is within both limits."""
    ident = str(switch.organisation_id)
    if not throttle.allow("provider-org-minute", ident, limit=switch.per_minute, seconds=MINUTE):
        return Exceeded("minute", switch.per_minute, _until_next(MINUTE))
    if not throttle.allow("provider-org-day", ident, limit=switch.per_day, seconds=DAY):
        return Exceeded("day", switch.per_day, _until_next(DAY))
    return None
