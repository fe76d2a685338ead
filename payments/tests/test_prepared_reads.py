"""The busiest reads run as prepared statements on PostgreSQL, planned once per connection (selectors._prepared).

Django's connection makes client-side cursors, which send every query as text to be planned afresh: the window of
payments cost the database 1.2 ms a page that way, against 0.3 ms prepared. So these tests ask PostgreSQL itself.
"""

from datetime import date

import pytest
from django.db import connection

from accounts import iin
from payments import selectors, status

from .factories import months, pay_self

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_the_public_checks_read_is_prepared():
    assert selectors.stored_insured(iin.compose(date(1990, 1, 1), "F", 7)) is None
    assert [s for s in prepared_statements() if "payments_personstatus" in s] == [
        selectors._STORED_INSURED.replace("%s", "$1")
    ]


def test_the_status_pages_window_of_payments_is_prepared_and_reads_only_the_window(citizen):
    pay_self(citizen.person, months("2025-01", "2026-11"), received=date(2025, 1, 5))
    on = date(2026, 11, 20)
    since = status.tiles_since(on)
    window = selectors.payment_facts(citizen.username, on=on, since=since)
    assert [s for s in prepared_statements() if "payments_payment" in s]
    everything = selectors.payment_facts(citizen.username, on=on)
    assert since == date(2025, 12, 1) and len(everything) == 23
    by_month = lambda facts: sorted(facts, key=lambda fact: (fact.period, fact.knp))  # noqa: E731
    assert by_month(window) == by_month(f for f in everything if f.period >= since) and len(window) == 12
