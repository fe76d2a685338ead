"""Shared test set-up: personas, and the rule that real services are required in CI.

Every test runs on PostgreSQL: the machine's when DATABASE_URL is set (CI), else the embedded one. Tests marked
``services`` also talk to a real Redis (or start Redis servers of their own). Without REDIS_URL (a laptop's
``make test``) they are skipped with a plain reason; with ``REQUIRE_SERVICES=1`` (as .ci/run sets) a missing
Redis is a failure, never a skip.
"""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _worker_number(config) -> int | None:
    """0, 1, … in a pytest-xdist worker (gw0, gw1, …); None in a run without workers."""
    worker = getattr(config, "workerinput", {}).get("workerid")
    return int(worker.removeprefix("gw")) if worker else None


def redis_url_of_worker(url: str, number: int) -> str:
    """The Redis database of xdist worker `number`: the one REDIS_URL names for gw0, the next lower for gw1, and so on
    (…/15 → 15, 14, …), so that no worker counts in, or flushes (`cache.clear()`), another's database."""
    parts = urlsplit(url)
    first = int(parts.path.strip("/") or 0)
    if number > first:
        raise pytest.UsageError(
            f"REDIS_URL names database {first}: too low for worker gw{number}, which takes database {first} - {number}"
            " (each test worker has a Redis database of its own, counting down from REDIS_URL's); name a higher one"
        )
    return urlunsplit(parts._replace(path=f"/{first - number}"))


def _redis_of_this_worker(config) -> None:
    """Point this worker's Redis (cache, sessions, limiter, Celery broker) at its own database, in the settings and
    in the environment that child processes (a real Celery worker) inherit."""
    number = _worker_number(config)
    if number is None or not settings.REDIS_URL:
        return
    from django.test.utils import override_settings

    url = redis_url_of_worker(settings.REDIS_URL, number)
    caches = {**settings.CACHES, "default": {**settings.CACHES["default"], "LOCATION": url}}
    # override_settings sends setting_changed, on which Django forgets the cache connections it made with the old
    # CACHES; kept for the whole session (never disabled).
    override_settings(REDIS_URL=url, CACHES=caches, CELERY_BROKER_URL=url).enable()
    os.environ["REDIS_URL"] = url
    from portal.celery import app

    if app.configured:  # read before now: Celery keeps its own copy
        app.conf.broker_url = url


def _one_role_sync_per_flush() -> None:
    """A transactional test ends with Django's `flush`, which empties every table and then sends post_migrate once
    per app (15 times). The portal's receiver (accounts.apps._sync_roles) rebuilds every role group each time, 2,000
    queries, though only its last run counts: the one after every app's permissions exist again. In tests a flush
    runs it once, after the other receivers: the same groups and permissions, 1.2 of the 1.5 s each of the 77
    transactional tests spent in teardown. `migrate` (the test database's creation) is left as it is."""
    from django.core.management.commands import flush
    from django.db.models.signals import post_migrate

    from accounts.apps import _sync_roles

    emit = flush.emit_post_migrate_signal

    def emit_then_sync_roles_once(*args, **kwargs):
        post_migrate.disconnect(dispatch_uid="accounts.sync_roles")
        try:
            emit(*args, **kwargs)
        finally:
            post_migrate.connect(_sync_roles, dispatch_uid="accounts.sync_roles")
        _sync_roles()

    flush.emit_post_migrate_signal = emit_then_sync_roles_once


def _django(config) -> bool:
    return config.pluginmanager.hasplugin("django")


def pytest_configure(config):
    if not _django(config):
        return  # pure-rule tests may run with -p no:django
    # Fast hashing in tests only; production keeps Django's default hashers.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Text messages stay in plumbing.sms.outbox, as Django's test runner keeps e-mails in mail.outbox.
    settings.SMS_BACKEND = "plumbing.sms.LocmemBackend"
    if REQUIRE_SERVICES and not settings.REDIS_URL:
        raise pytest.UsageError("REQUIRE_SERVICES=1 but REDIS_URL is not set")
    _redis_of_this_worker(config)
    _one_role_sync_per_flush()


def pytest_collection_modifyitems(config, items):
    if REQUIRE_SERVICES or not _django(config) or settings.REDIS_URL:
        return
    skip = pytest.mark.skip(reason="needs Redis (set REDIS_URL; CI requires it)")
    for item in items:
        if "services" in item.keywords:
            item.add_marker(skip)


def pytest_report_header(config):
    if not _django(config):
        return None
    database = settings.DATABASES["default"]
    where = "embedded" if database["HOST"].startswith("/") else database["HOST"]
    redis = "yes" if settings.REDIS_URL else "no"
    return f"database: PostgreSQL ({where}); redis: {redis}; services required: {REQUIRE_SERVICES}"


@pytest.fixture(autouse=True)
def kazakh_to_begin_with():
    """Every test starts in Kazakh, the root's language, whatever the test before it asked for.

    A page's language comes from its URL prefix (/ru/…, /en/…), and `reverse()` builds URLs in the active language,
    so a test that wants English pages calls `translation.activate("en")` and then reverses as usual.
    """
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def make_citizen(db):
    from accounts import iin
    from accounts.models import Person, User

    def make(serial: int, *, last_name="Ахметова", first_name="Айгерим", password="Qalam-2026-secret"):
        from datetime import date

        number = iin.compose(date(1990, 1, 1), "F", serial)
        person = Person.from_iin(number, last_name=last_name, first_name=first_name)
        person.save()
        user = User(username=number, person=person, email=f"c{serial}@example.kz", first_name=first_name)
        user.set_password(password)
        user.save()
        return user

    return make


@pytest.fixture
def citizen(make_citizen):
    """The owner of the data in permission tests (alice)."""
    return make_citizen(1)


@pytest.fixture
def outsider(make_citizen):
    """Another citizen, who must never see the owner's data (charlie)."""
    return make_citizen(2, last_name="Серікбаев", first_name="Данияр")


@pytest.fixture
def staff_member(db):
    """A fund operator (bob): staff, in the fund_operator role."""
    from django.contrib.auth.models import Group

    from accounts.models import User

    user = User.objects.create_user("operator", password="Staff-pass-2026", is_staff=True)
    user.groups.add(Group.objects.get(name="fund_operator"))
    return user


@pytest.fixture(autouse=True)
def staff_sessions_pass_the_second_factor(request, monkeypatch):
    """`client.force_login(staff)` signs in as after the password and the second factor, as tests of staff pages
    need (decision 0017); tests of the second-factor step sign in with `accounts.testing.password_only_login` or
    through the admin's login form."""
    if not _django(request.config):
        yield
        return
    from django.test import Client

    from accounts.testing import force_login_passing_second_factor

    monkeypatch.setattr(Client, "force_login", force_login_passing_second_factor)
    yield


@pytest.fixture(autouse=True)
def eager_celery():
    """Tasks run in the test's process; tests of a real worker turn this off themselves."""
    from portal.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = saved


@pytest.fixture(autouse=True)
def reference_data(request):
    """Transactional tests empty every table afterwards, data migrations' rows too: put them back."""
    marker = request.node.get_closest_marker("django_db")
    if not marker or not (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        yield
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps

    import_module("payments.migrations.0002_preferential_categories").load(apps, None)
    if not apps.get_model("payments", "MinimumWage").objects.exists():
        import_module("payments.migrations.0004_load_rules").load(apps, None)
    yield


@pytest.fixture(autouse=True)
def _rules_read_afresh(request):
    """Each test reads the rule tables and the latest register as its own transaction holds them (a process keeps
    them for a minute)."""
    if _django(request.config):
        from payments.selectors import forget_latest_register, forget_rulebook
        from transparency.selectors import forget_refreshed_at

        forget_rulebook()
        forget_latest_register()
        forget_refreshed_at()
    yield


@pytest.fixture
def smsoutbox():
    """The text messages sent during the test (plumbing.sms.LocmemBackend), empty at its start."""
    from plumbing import sms

    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()
