"""Thin Celery tasks: each calls one service. All are idempotent (Celery delivers at least once)."""

from celery import shared_task

from . import services

SWEEP_CHUNK = 20_000  # people per nightly task
TOUCHED_CHUNK = 2_000  # people per task after a register import


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


@shared_task(acks_late=True)
def import_register(register_id: int) -> dict:
    from .models import Register

    register = Register.objects.get(pk=register_id)
    if register.state in (Register.State.DONE, Register.State.REFUSED):
        return register.summary()  # delivered twice: the first delivery did the work
    try:
        return services.register_import(register).summary()
    except services.importing.FileRefused:
        return register.summary()


@shared_task(acks_late=True)
def recompute_register(register_id: int) -> int:
    """Recompute everyone a register touched, in tasks of a few thousand people that the workers share."""
    iins = services.register_iins(register_id)
    for chunk in touched_chunks(iins):
        recompute_people.delay(chunk, f"register:{register_id}")
    return len(iins)


def touched_chunks(iins: list[str]) -> list[list[str]]:
    """The people a register touched, in tasks of TOUCHED_CHUNK: small, so every worker takes a share and
    the statuses show within seconds, not one worker's minute."""
    return [iins[start : start + TOUCHED_CHUNK] for start in range(0, len(iins), TOUCHED_CHUNK)]


@shared_task
def send_lapse_warnings() -> int:
    return services.lapse_warnings_send()


@shared_task
def create_partitions() -> int:
    """Monthly partitions of payments for the months ahead (PostgreSQL; nothing to do on SQLite)."""
    from django.utils import timezone

    from . import partitions

    return partitions.ensure(today=timezone.localdate())
