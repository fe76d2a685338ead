"""The Celery app. Every periodic schedule of the portal is declared here, in one place."""

import logging
import os

from celery import Celery, bootsteps
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic work, in Asia/Almaty time (CELERY_TIMEZONE). Each entry names a thin task
# that calls one service; the services are idempotent, so a re-run is harmless.
app.conf.beat_schedule = {
    "nightly-status-sweep": {
        "task": "payments.tasks.nightly_sweep",
        "schedule": crontab(hour=2, minute=0),
    },
    "employer-arrears": {  # after the status sweep; each register also rebuilds the employers it touched
        "task": "payments.tasks.employer_arrears_nightly",
        "schedule": crontab(hour=3, minute=30),
    },
    "transparency-figures": {  # after the sweep and the arrears: count any past month missing, refresh the figures
        "task": "transparency.tasks.refresh_figures_nightly",
        "schedule": crontab(hour=4, minute=0),
    },
    "resume-registers": {"task": "payments.tasks.resume_registers", "schedule": 60.0},  # uploads left waiting
    "appeal-deadlines": {"task": "appeals.tasks.flag_deadlines", "schedule": crontab(hour=5, minute=0)},
    "payment-partitions": {  # monthly partitions of payments, made ahead of the registers that fill them
        "task": "payments.tasks.create_partitions",
        "schedule": crontab(day_of_month=1, hour=1, minute=0),
    },
    "lapse-warnings": {  # after the sweep, at a decent hour for an e-mail
        "task": "payments.tasks.send_lapse_warnings",
        "schedule": crontab(hour=9, minute=0),
    },
}


class ResumeRegisters(bootsteps.StartStopStep):
    """Each time a worker connects to the broker (at start, and again after Redis was away), it sends
    `resume_registers`: uploads that waited for the broker are imported now, not at beat's next tick."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def start(self, consumer):
        try:
            consumer.app.send_task("payments.tasks.resume_registers")
        except Exception:  # the connection dropped again: the next reconnection, or beat, sends it
            logging.getLogger(__name__).warning("could not send resume_registers")


app.steps["consumer"].add(ResumeRegisters)
