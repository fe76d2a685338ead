"""Thin Celery tasks: each calls one service. All are idempotent (Celery delivers at least once).

Services never enqueue tasks (no import loop): what follows a service, such as recomputing the people a register
touched, is enqueued here, once the service's transaction has committed."""

import logging
from contextlib import contextmanager, suppress
from datetime import timedelta

from celery import shared_task
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from . import importing, selectors, signals
from .services import arrears, lapse_warnings, recompute, registers

log = logging.getLogger(__name__)

SWEEP_CHUNK = 20_000  # people per nightly task
TOUCHED_CHUNK = 2_000  # people per task after a register import
IMPORT_LOCK = 0x5A51  # first key of the PostgreSQL advisory lock held while a register is imported
RESEND_AFTER = timedelta(minutes=10)  # a register queued this long has lost its task (a broker restart)
UNSENT = "unsent"  # Register.message of an upload whose task could not be sent (the broker was down)


@shared_task(acks_late=True)
def recompute_people(iins: list[str], trigger: str) -> int:
    result = recompute.status_recompute(iins=iins, trigger=trigger)
    signals.statuses_recomputed.send(sender=recompute_people, people=result.people, changed=result.changed)
    return result.changed


@shared_task(acks_late=True)
def recompute_range(first: str, last: str | None, trigger: str = "nightly") -> int:
    result = recompute.status_recompute_range(first=first, last=last, trigger=trigger)
    signals.statuses_recomputed.send(sender=recompute_range, people=result.people, changed=result.changed)
    return result.changed


@shared_task
def nightly_sweep(size: int = SWEEP_CHUNK) -> int:
    """Enqueue one task per IIN range of about `size` people; a chunk that dies is simply delivered again."""
    ranges = recompute.iin_ranges(size)
    for first, last in ranges:
        recompute_range.delay(first, last)
    return len(ranges)


def _import_lock_sql(action: str, register_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_{action}(%s, %s)", [IMPORT_LOCK, register_id])
        return bool(cursor.fetchone()[0])


@contextmanager
def _import_claimed(register_id: int):
    """Yields whether this delivery may import the register: no other delivery is importing it now.

    A session-level advisory lock: it goes with the connection, so a worker that dies (or a database that
    restarts) leaves no stale claim behind.
    """
    claimed = _import_lock_sql("try_advisory_lock", register_id)
    try:
        yield claimed
    finally:
        if claimed:
            with suppress(DatabaseError):  # the connection is gone: so is the lock
                _import_lock_sql("advisory_unlock", register_id)


@shared_task(acks_late=True)
def import_register(register_id: int) -> dict:
    from .models import Register

    with _import_claimed(register_id) as claimed:
        register = Register.objects.get(pk=register_id)
        if not claimed:
            return register.summary()  # delivered twice: the other delivery is importing it right now
        if register.state in (Register.State.DONE, Register.State.REFUSED):
            return register.summary()  # delivered twice: the first delivery did the work
        try:
            return import_and_recompute(register).summary()
        except importing.FileRefused:
            return register.summary()


def import_and_recompute(register, *, path=None):
    """Import a register (`registers.register_import`), then, once its transaction commits, have everyone it touched
    recomputed: how the import task and `manage.py import_register` both run an import."""
    register = registers.register_import(register, path=path)
    # robust: with the broker down the payments are still in, and the nightly sweep recomputes everyone.
    transaction.on_commit(lambda: recompute_register.delay(register.pk), robust=True)
    transaction.on_commit(lambda: employer_arrears_register.delay(register.pk), robust=True)  # nightly catches up
    return register


def send_import(register_id: int) -> bool:
    """Send a register's import task; False (the register stays queued) when the broker cannot be reached.

    `resume_registers` sends it later: from beat, and from every worker when it (re)connects.
    """
    from .models import Register

    try:
        import_register.delay(register_id)
    except (OperationalError, OSError):  # kombu wraps a refused or reset connection: the broker is down
        log.warning("task queue unavailable: register %s waits for it", register_id)
        Register.objects.filter(pk=register_id, state=Register.State.QUEUED).update(message=UNSENT)
        return False
    return True


@shared_task
def resume_registers() -> int:
    """Send the import of every uploaded register left waiting without a task; returns how many.

    Waiting: queued, and either its task could not be sent (broker down at upload) or it has been queued
    so long that the task was lost (a broker restart); or running, with no delivery holding its import
    lock (the worker or the database died mid-import, which rolled the import back). A register sent
    twice is imported once: `import_register` claims it first. Failed and refused registers are left to
    staff. Registers without a stored file (imported by `manage.py import_register`) are not ours.
    """
    from django.db.models import Q

    from .models import Register

    waiting = Q(state=Register.State.QUEUED, message=UNSENT)
    waiting |= Q(state=Register.State.QUEUED, created_at__lt=timezone.now() - RESEND_AFTER)
    waiting |= Q(state=Register.State.RUNNING)
    registers = Register.objects.exclude(file="").filter(waiting)
    sent = 0
    for register_id, state in registers.order_by("created_at").values_list("pk", "state"):
        if state == Register.State.RUNNING:
            with _import_claimed(register_id) as free:
                if not free:
                    continue  # being imported now
        if send_import(register_id):
            Register.objects.filter(pk=register_id, message=UNSENT).update(message="")
            sent += 1
    return sent


@shared_task(acks_late=True)
def recompute_register(register_id: int) -> int:
    """Recompute everyone a register touched, in tasks of a few thousand people that the workers share."""
    iins = selectors.register_iins(register_id)
    for chunk in touched_chunks(iins):
        recompute_people.delay(chunk, f"register:{register_id}")
    return len(iins)


def touched_chunks(iins: list[str]) -> list[list[str]]:
    """The people a register touched, in tasks of TOUCHED_CHUNK: small, so every worker takes a share and
    the statuses show within seconds, not one worker's minute."""
    return [iins[start : start + TOUCHED_CHUNK] for start in range(0, len(iins), TOUCHED_CHUNK)]


@shared_task(acks_late=True)
def employer_arrears_register(register_id: int) -> int:
    """Rebuild the arrears of the employers a register brought payments from (decision 0021)."""
    return arrears.employer_arrears_rebuild(register_id=register_id).rows


@shared_task
def employer_arrears_nightly() -> int:
    """Rebuild every employer's arrears."""
    return arrears.employer_arrears_rebuild().rows


@shared_task
def send_lapse_warnings() -> int:
    return lapse_warnings.lapse_warnings_send()


@shared_task
def create_partitions() -> int:
    """Monthly partitions of payments for the months ahead."""
    from django.utils import timezone

    from . import partitions

    return partitions.ensure(today=timezone.localdate())
