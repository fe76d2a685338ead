"""Thin Celery tasks: each calls one service. All are idempotent (Celery delivers at least once)."""

from celery import shared_task

from . import services

SWEEP_CHUNK = 20_000  # people per nightly task


@shared_task(acks_late=True)
def recompute_people(iins: list[str], trigger: str) -> int:
    return services.status_recompute(iins=iins, trigger=trigger).changed


@shared_task(acks_late=True)
def recompute_range(first: str, last: str | None, trigger: str = "nightly") -> int:
    return services.status_recompute_range(first=first, last=last, trigger=trigger).changed


@shared_task
def nightly_sweep() -> int:
    """Enqueue one task per IIN range; a chunk that dies is simply delivered again."""
    ranges = services.iin_ranges(SWEEP_CHUNK)
    for first, last in ranges:
        recompute_range.delay(first, last)
    return len(ranges)
