"""Thin Celery tasks: each calls one service, which is idempotent (Celery delivers at least once)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def flag_deadlines() -> int:
    """Nightly: flag appeals due soon or overdue and e-mail their officers and supervisors."""
    return services.deadlines_flag()
