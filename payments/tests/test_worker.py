"""With the real services: a register handed to Celery shows in statuses within a minute.

A real worker process runs against the test database and Redis, as in production. Marked `services`:
skipped on a laptop without PostgreSQL and Redis, required in CI.
"""

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files import File
from django.db import connection

from accounts import iin as iin_rules
from payments.models import PersonStatus, Register

from .registers import line, write

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(eager_celery):
    eager_celery.conf.task_always_eager = False
    eager_celery.control.purge()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "-P", "solo", "--without-gossip",
         "--without-mingle", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_a_register_becomes_statuses_within_a_minute(tmp_path, worker):
    from payments.tasks import import_register

    people = [iin_rules.compose(date(1980, 1, 1), "M", n) for n in range(50)]
    periods = [f"{m:02d}2024" for m in range(1, 13)]
    path = write(tmp_path, [line(iin, number=f"{n}-{p}", period=p, received="10.01.2025")
                            for n, iin in enumerate(people) for p in periods])  # fmt: skip
    register = Register(name=path.name)
    with open(path, "rb") as handle:
        register.file.save(path.name, File(handle))
    started = time.monotonic()
    import_register.delay(register.pk)
    while time.monotonic() - started < 60:
        if PersonStatus.objects.filter(person_id__in=people).count() == len(people):
            break
        assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
        time.sleep(0.5)
    elapsed = time.monotonic() - started
    assert PersonStatus.objects.filter(person_id__in=people).count() == len(people), f"not fresh after {elapsed:.0f} s"
    register.refresh_from_db()
    assert register.state == "done" and register.imported == 600


def test_the_nightly_sweep_reaches_everyone_and_a_second_run_changes_nothing(worker):
    from accounts.models import Person
    from payments.models import StatusChange
    from payments.tasks import nightly_sweep

    people = [Person.from_iin(iin_rules.compose(date(1970 + n % 40, 1, 1), "F", n)) for n in range(120)]
    Person.objects.bulk_create(people)

    def wait_for(count):
        started = time.monotonic()
        while time.monotonic() - started < 60 and PersonStatus.objects.count() < count:
            time.sleep(0.5)
        time.sleep(1)  # let the last chunk commit its change log

    nightly_sweep.delay()
    wait_for(len(people))
    assert PersonStatus.objects.count() == len(people)
    changes = StatusChange.objects.count()
    assert changes == len(people)
    nightly_sweep.delay()
    time.sleep(3)
    assert StatusChange.objects.count() == changes
