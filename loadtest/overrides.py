"""What each framework override and prepared read buys: the pages of `make load` in one process, with and without it.

    .venv/bin/python loadtest/overrides.py [REQUESTS] [ROUNDS]      # after `make load` (it needs saq_load)

For each override, the page it serves is called REQUESTS times with the portal as it is and again with the override
swapped for plain Django (or the ORM), in ROUNDS interleaved rounds, as `inprocess.py` does. CPU is this process's
(the best round), wall the median round's (the database's work included). Decision 0016 keeps an override only if
the page costs at least 5% more without it; the figures are in bench/README.md. The alternatives below exist only
here, to be measured: the portal itself has one path per read.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
import inprocess  # noqa: E402  (loadtest/inprocess.py: the pages, through Django's WSGI handler)


def alternatives() -> dict[str, tuple[str, list[tuple[object, str, object]]]]:
    """Name → (page, [(owner, attribute, plain Django's value)])."""
    from django.contrib.auth import backends as django_backends
    from django.core.cache.backends.dummy import DummyCache
    from django.db.backends.postgresql import base as stock

    import accounts.backends
    import payments.documents
    import payments.views
    import plumbing.kept_parts
    from accounts.models import Person
    from payments import status
    from payments.models import CategoryMembership, Payment, PersonStatus
    from plumbing.postgresql import base

    def person_with_status(iin):
        person = Person.objects.select_related("status").filter(iin=iin).first()
        if person is None:
            return None, None
        try:
            return person, person.status
        except PersonStatus.DoesNotExist:
            return person, None

    def payment_facts(iin, *, on, since):
        rows = Payment.objects.filter(iin=iin, received_on__lte=on, period__gte=since)
        return [status.PaymentFact(p, k, a, r, s == iin, st == Payment.State.ACCEPTED)
                for p, k, a, r, s, st in rows.values_list("period", "knp", "amount", "received_on", "sender_id",
                                                          "state")]  # fmt: skip

    def category_spans(iin, *, on):
        rows = CategoryMembership.objects.filter(person_id=iin, start__lte=on).values_list("category", "start", "end")
        return [status.CategorySpan(code, start, end) for code, start, end in rows]

    def stored_insured(iin):
        insured = PersonStatus.objects.filter(person_id=iin).values_list("insured", flat=True).first()
        return None if insured is None else bool(insured)

    class NothingKept(dict):
        def __getitem__(self, alias):
            return DummyCache(alias, {})

    return {
        "auth backend: Django's get_user (ORM)": (
            "status", [(accounts.backends.ModelBackend, "get_user", django_backends.ModelBackend.get_user)]),
        "db backend: stock is_usable (SELECT 1)": (
            "api", [(base.DatabaseWrapper, "is_usable", stock.DatabaseWrapper.is_usable)]),
        "person + status read by the ORM": (
            "status", [(payments.views, "person_with_status", person_with_status)]),
        "strip's payments + categories by the ORM": (
            "status", [(payments.views, "payment_facts", payment_facts),
                       (payments.views, "category_spans", category_spans)]),
        "public check's read by the ORM": ("api", [(payments.documents, "stored_insured", stored_insured)]),
        "kept parts off (rendered every time)": ("status", [(plumbing.kept_parts, "caches", NothingKept())]),
    }  # fmt: skip


def timed(call, requests: int) -> tuple[float, float]:
    """(CPU, wall) per request, in ms."""
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(requests):
        call()
    return (time.process_time() - cpu) / requests * 1000, (time.perf_counter() - wall) / requests * 1000


def report(name: str, page: str, base: list, variant: list) -> None:
    b_cpu, v_cpu = min(x[0] for x in base), min(x[0] for x in variant)
    b_wall, v_wall = statistics.median(x[1] for x in base), statistics.median(x[1] for x in variant)
    print(f"{name:42} {page:6} CPU {b_cpu:.3f} / without {v_cpu:.3f} ms ({(v_cpu - b_cpu) / v_cpu:+6.1%})"
          f"   wall {b_wall:.3f} / without {v_wall:.3f} ms ({(v_wall - b_wall) / v_wall:+6.1%})")  # fmt: skip


def main() -> None:
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 800
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    handler, cookies = inprocess.setup()
    calls = inprocess.pages(handler, cookies)
    for call in calls.values():  # warm: templates, connections, prepared statements
        for _ in range(100):
            call()
    print(f"page share each override saves (CPU best of {rounds} rounds, wall median; {requests} requests a round)")
    for name, (page, swaps) in alternatives().items():
        base, variant = [], []
        for _ in range(rounds):
            base.append(timed(calls[page], requests))
            kept = [(owner, attribute, getattr(owner, attribute)) for owner, attribute, _ in swaps]
            for owner, attribute, value in swaps:
                setattr(owner, attribute, value)
            try:
                timed(calls[page], 30)  # warm the alternative
                variant.append(timed(calls[page], requests))
            finally:
                for owner, attribute, value in kept:
                    setattr(owner, attribute, value)
        report(name, page, base, variant)

    # Sessions: plumbing.sessions (cached_db that falls back to the database) against Django's database store alone.
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    engine, settings.SESSION_ENGINE = settings.SESSION_ENGINE, "django.contrib.sessions.backends.db"
    database_only = inprocess.pages(WSGIHandler(), cookies)["status"]
    settings.SESSION_ENGINE = engine
    timed(database_only, 100)
    base, variant = [], []
    for _ in range(rounds):
        base.append(timed(calls["status"], requests))
        variant.append(timed(database_only, requests))
    report("sessions: Django's database store alone", "status", base, variant)


if __name__ == "__main__":
    main()
