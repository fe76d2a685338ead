"""Schema-driven fuzzing of the whole JSON API against a live test server, and the schema's own health.

schemathesis reads /api/schema/ from the live server and, for every operation in it (those of apps added later
too), sends generated requests, valid and invalid, signed in as a citizen with a token. Every answer must be no
server error, with a documented status code, content type and body. The run is bounded: at most MAX_EXAMPLES per
operation and mode, a deadline per example, and TOTAL_SECONDS shared out between the operations (at least
MIN_SECONDS each), after which an operation's remaining examples are skipped: about a minute for ~20 operations.

Rate limits are switched off while fuzzing (they are tested on their own): a fuzzer from one address would
otherwise see little but 429.
"""

from __future__ import annotations

import time
from io import StringIO

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

MAX_EXAMPLES = 40  # per operation and generation mode (valid, invalid)
DEADLINE_MS = 5_000  # per example (a PDF statement takes about a second)
TOTAL_SECONDS = 90  # shared by every operation and mode; each gets at least MIN_SECONDS
MIN_SECONDS = 3
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

pytestmark = pytest.mark.django_db(transaction=True)


def test_schema_generation_has_no_warnings(tmp_path):
    """`manage.py spectacular --validate --fail-on-warn`: a warning or an invalid schema raises."""
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"), stdout=out,
                 stderr=out)  # fmt: skip


def _catalogue_present():
    """Transactional tests empty every table: put the catalogue and the demo organisations back."""
    from django.apps import apps

    from coverage import catalogue, organisations
    from coverage.models import MedicalOrganisation, Package

    if not Package.objects.exists():
        catalogue.load(catalogue.read(), lambda name: apps.get_model("coverage", name))
    if not MedicalOrganisation.objects.exists():
        organisations.load_demo()


@pytest.fixture
def fuzz_citizen(make_citizen):
    from payments.services.recompute import status_recompute
    from payments.tests.factories import months, pay_self

    _catalogue_present()
    user = make_citizen(7)
    pay_self(user.person, months("2023-01", "2024-09"))
    status_recompute(iins=[user.username], trigger="test")
    return user


@pytest.fixture
def no_rate_limits(monkeypatch):
    from accounts import throttle
    from plumbing import throttles

    monkeypatch.setattr(throttle, "allow", lambda *args, **kwargs: True)
    monkeypatch.setattr(throttles._FailOpen, "allow_request", lambda self, request, view: True)


@pytest.fixture
def token(fuzz_citizen):
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=fuzz_citizen)[0]


def _fuzz(operation, mode, key: str, stats: dict, seconds: float) -> Exception | None:
    """Run one operation's examples in one generation mode for at most `seconds`; the first failure, or None."""
    label = f"{operation.method.upper()} {operation.path}"
    deadline = time.monotonic() + seconds

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=DEADLINE_MS,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failing example is reported as is
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def examples(case):
        if time.monotonic() > deadline:
            return
        stats[label] = stats.get(label, 0) + 1
        case.call_and_validate(headers={"Authorization": f"Token {key}"}, checks=CHECKS)

    try:
        examples()
    except Unsatisfiable:  # nothing to generate in this mode (say, no parameters to get wrong)
        return None
    except Exception as error:  # noqa: BLE001 - every failure is collected and reported together
        return error
    return None


def test_api_fuzz(live_server, token, no_rate_limits):
    from rest_framework.authtoken.models import Token

    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json")
    stats: dict[str, int] = {}
    failures = []
    started = time.monotonic()
    operations = [result.ok() for result in schema.get_all_operations()]
    modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    seconds = max(MIN_SECONDS, TOTAL_SECONDS / (len(operations) * len(modes) or 1))
    for operation in operations:
        for mode in modes:
            error = _fuzz(operation, mode, token.key, stats, seconds)
            if error is not None:
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {error}")
            if not Token.objects.filter(key=token.key).exists():
                token.save()  # revoked by DELETE /auth/token: the same key signs the next examples in again
    elapsed = time.monotonic() - started
    print(f"\nschemathesis: {len(stats)} operations, {sum(stats.values())} examples in {elapsed:.0f} s")
    for label, n in sorted(stats.items()):
        print(f"  {n:4d}  {label}")
    assert stats, "the schema has no operations"
    assert not failures, "\n\n".join(failures)
