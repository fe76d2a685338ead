"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

* Playwright never downloads a browser: it launches ``/usr/bin/chromium`` (``E2E_CHROMIUM`` to point
  elsewhere). Without it, ``make test`` skips these tests and says so at the end of the run; with
  ``REQUIRE_E2E=1`` (as .ci/run sets) a missing Chromium or Playwright is a failure, never a skip.
* Every test runs against a live server on a transactional database; ``portal_data`` puts back what
  the migrations loaded (the catalogue) and loads the demo people through the demo loaders.
* A failing test leaves a full-page screenshot of each of its pages in ``var/e2e-artifacts/``
  (``E2E_ARTIFACTS`` to change), kept by CI as artefacts.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import pytest

E2E_DIR = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
REQUIRE_E2E = os.environ.get("REQUIRE_E2E") == "1"
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", E2E_DIR.parent / "var" / "e2e-artifacts"))


def _missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} not found (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (make .venv/.dev)"
    return None


def _is_e2e(item) -> bool:
    return E2E_DIR in Path(str(item.path)).parents


def pytest_collection_modifyitems(config, items):
    reason = _missing()
    if not reason or REQUIRE_E2E:
        return  # with REQUIRE_E2E=1 the browser fixture fails each test and says why
    skip = pytest.mark.skip(reason=f"browser tests need Chromium: {reason}; CI requires them (REQUIRE_E2E=1)")
    for item in items:
        if _is_e2e(item):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Counted from the reports, which reach this process whether it ran the tests or its xdist workers did."""
    reason = _missing()
    if not reason or REQUIRE_E2E:
        return
    skipped = terminalreporter.stats.get("skipped", [])
    count = sum(E2E_DIR in (config.rootpath / report.nodeid.split("::")[0]).resolve().parents for report in skipped)
    if count:
        terminalreporter.write_line(f"SKIPPED {count} browser (e2e) tests: {reason}.", yellow=True, bold=True)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"e2e_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    reason = _missing()
    if reason:
        pytest.fail(f"REQUIRE_E2E=1 but the browser tests cannot run: {reason}", pytrace=False)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread while the browser is open, and Django refuses
    # ORM calls beside a running loop unless told it serves no requests (the live server has its own thread).
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
            yield browser
            browser.close()
    finally:
        if saved is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


@pytest.fixture
def new_page(request, browser, live_server, portal_data):
    """Open a page in a fresh browser context (own cookies): new_page(), new_page(javascript=False)."""
    contexts = []

    def open_page(*, javascript: bool = True):
        # A browser set to Russian: the portal still starts in Kazakh until the switcher is used.
        context = browser.new_context(
            base_url=live_server.url, accept_downloads=True, java_script_enabled=javascript, locale="ru-RU"
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    report = getattr(request.node, "e2e_report_call", None)
    failed = report is None or report.failed
    for n, context in enumerate(contexts):
        if failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
            for m, page in enumerate(context.pages):
                with contextlib.suppress(Exception):  # a screenshot must not hide the failure itself
                    page.screenshot(path=str(ARTIFACTS / f"{name}-{n}{m}.png"), full_page=True)
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def portal_data(transactional_db):
    """The demo population, staff and citizen logins, and the catalogue, as `make run` has them."""
    from importlib import import_module

    from django.apps import apps
    from django.core.cache import cache
    from django.utils import timezone

    from accounts import demo as accounts_demo
    from accounts.models import Person
    from coverage.models import Package
    from coverage.organisations import load_demo as load_demo_organisations
    from payments import demo as payments_demo
    from payments.services.recompute import status_recompute

    cache.clear()  # the public check's per-client limits count every test's checks from 127.0.0.1
    if not Package.objects.exists():  # a transactional test before this one emptied the tables
        import_module("coverage.migrations.0002_load_catalogue").load(apps, None)
        import_module("coverage.migrations.0005_disease_list_notes").update(apps, None)
    loaded = payments_demo.load(timezone.localdate(), crowd=0)
    load_demo_organisations()
    accounts_demo.load_staff()
    accounts_demo.load_citizen(loaded.people["insured_employee"], "aigerim@example.kz")
    accounts_demo.load_citizen(loaded.people["gap_self_payer"], "erlan@example.kz")
    status_recompute(iins=Person.objects.values_list("iin", flat=True), trigger="demo")
    return loaded.people
