"""Thin Celery tasks of the published figures (decision 0022)."""

import logging

from celery import shared_task
from django.core.cache import cache
from kombu.exceptions import OperationalError

from . import services

log = logging.getLogger(__name__)

REFRESH_DELAY = 60  # seconds: the recomputes of one register finish within it, and share one refresh
PENDING = "transparency:refresh-pending"  # set while a refresh is queued; a lost one frees it after PENDING_SECONDS
PENDING_SECONDS = 5 * REFRESH_DELAY


@shared_task
def refresh_figures() -> int:
    cache.delete(PENDING)  # recomputes that finish from now on are counted by the next refresh
    return services.figures_refresh().people


@shared_task
def refresh_figures_nightly() -> int:
    """After the nightly sweep: count any past month not counted yet, then refresh everything."""
    services.insured_backfill()
    return services.figures_refresh().people


def refresh_soon(sender=None, **kwargs) -> None:
    """Receiver of `payments.signals.statuses_recomputed`: a refresh within REFRESH_DELAY, one for however many
    recompute tasks finish meanwhile. With the cache or the broker down, the nightly refresh catches up."""
    try:
        if not cache.add(PENDING, 1, PENDING_SECONDS):
            return  # one is queued already
    except Exception:
        log.warning("cache unavailable: the figures wait for the nightly refresh")
        return
    try:
        refresh_figures.apply_async(countdown=REFRESH_DELAY)
    except (OperationalError, OSError):
        cache.delete(PENDING)
        log.warning("task queue unavailable: the figures wait for the nightly refresh")
