"""Fixtures of the fault tests: a private PostgreSQL cluster and Redis for the session, a fresh database each.

The tests are marked `services`: skipped on a laptop without the services (like every `services` test),
required in CI. They need the PostgreSQL server programs (initdb, pg_ctl) and redis-server: in CI a
missing program is a failure, never a skip.
"""

import contextlib
import itertools
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from .stack import PAYMENTS_CHECKSUM, PEOPLE_CHECKSUM, Portal, missing_programs, private_services

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
MIGRATED = "saq_template"
LOADED = "saq_loaded"
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def private_stack():
    missing = missing_programs()
    if missing:
        reason = f"fault tests need the PostgreSQL server programs and redis-server; missing: {', '.join(missing)}"
        if REQUIRE_SERVICES:
            pytest.fail(reason)
        pytest.skip(reason)
    with private_services() as (postgres, redis, base):
        postgres.sql("postgres", f"CREATE DATABASE {MIGRATED}")
        Portal(postgres, redis, MIGRATED, base / MIGRATED).manage("migrate", "--noinput", "-v", "0")
        yield postgres, redis, base


def create_copy(postgres, name: str, template: str) -> None:
    """CREATE DATABASE from a template, by file copy: the WAL_LOG strategy (PostgreSQL 15's default) copies
    each sequence with its logged-ahead count, which a crash then forgets (the clone's sequences went back,
    and the next register got an id already used). Real databases are not cloned before a crash."""
    postgres.sql("postgres", f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")


def _fresh(private_stack, template: str):
    postgres, redis, base = private_stack
    name = f"saq_{next(_numbers)}"
    create_copy(postgres, name, template)
    redis.client().flushall()
    app = Portal(postgres, redis, name, base / name)
    yield app
    app.stop_workers()
    if not postgres.running():
        postgres.start()
    if not redis.ping():
        redis.start()
    with contextlib.suppress(Exception):
        postgres.sql("postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def portal(private_stack):
    """The portal on a fresh, migrated database of the private cluster, with an empty private Redis.

    Whatever a test stopped is started again afterwards, so the next test finds both services up.
    """
    yield from _fresh(private_stack, MIGRATED)


@dataclass(frozen=True)
class Reference:
    """A big register and what importing it once, undisturbed, gives."""

    file: Path
    summary: dict
    payments: tuple
    people: tuple
    quarantined: int


PEOPLE = 20_000
REGISTER_ROWS = 300_000  # about 5 s of COPY and 5 s of merge: room to strike in the middle of either


@pytest.fixture(scope="session")
def reference(private_stack) -> Reference:
    """20,000 people with a year of payments (database `saq_loaded`), a register of 300,000 rows for them,
    and the result of one clean import of it, in a copy of that database."""
    postgres, redis, base = private_stack
    create_copy(postgres, LOADED, MIGRATED)
    loaded = Portal(postgres, redis, LOADED, base / LOADED)
    file = base / "register-300k.csv"
    loaded.manage("generate_load", "--people", str(PEOPLE), "--register-rows", str(REGISTER_ROWS), "--out", str(file))
    clean = clone(loaded, "clean")
    summary = json.loads(clean.manage("import_register", str(file)).stdout)
    result = Reference(file, summary, clean.sql(PAYMENTS_CHECKSUM)[0], clean.sql(PEOPLE_CHECKSUM)[0],
                       clean.value("SELECT count(*) FROM payments_quarantinedrow"))  # fmt: skip
    postgres.sql("postgres", f"DROP DATABASE {clean.database} WITH (FORCE)")
    assert summary["imported"] > 250_000 and summary["quarantined"] > 0
    return result


@pytest.fixture
def loaded_portal(private_stack, reference):
    """The portal on a fresh copy of the 20,000 people, before the reference register is imported."""
    yield from _fresh(private_stack, LOADED)


def clone(portal: Portal, suffix: str) -> Portal:
    """A copy of the portal's database as it is now (no one may be connected to it), for a reference run."""
    name = f"{portal.database}_{suffix}"
    create_copy(portal.postgres, name, portal.database)
    return Portal(portal.postgres, portal.redis, name, portal.work / suffix)


FAULTS = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's, which reads the group
def pytest_collection_modifyitems(items):
    """In a parallel run (`--dist loadgroup`) the fault tests all run in one worker, which then starts the private
    cluster and Redis and builds the 300,000-row reference once, not once per worker."""
    for item in items:
        if FAULTS in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.xdist_group("faults"))
