"""The busiest reads run as prepared statements on PostgreSQL, planned once per connection (plumbing.prepared).

Django's connection makes client-side cursors, which send every query as text to be planned afresh: the window of
payments cost the database 1.2 ms a page that way, against 0.3 ms prepared. So these tests ask PostgreSQL itself.
"""

from datetime import date

import pytest
from django.db import connection

from accounts import iin
from payments import selectors, status

from .factories import months, pay_self

pytestmark = pytest.mark.django_db


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_the_public_checks_read_is_prepared():
    assert selectors.stored_insured(iin.compose(date(1990, 1, 1), "F", 7)) is None
    assert [s for s in prepared_statements() if "payments_personstatus" in s] == [
        selectors._STORED_INSURED.replace("%s", "$1")
    ]


def by_month(facts) -> list:
    return sorted(facts, key=lambda fact: (fact.period, fact.knp))


def test_the_status_pages_window_of_payments_is_prepared_and_reads_only_the_window(citizen):
    pay_self(citizen.person, months("2025-01", "2026-11"), received=date(2025, 1, 5))
    on = date(2026, 11, 20)
    since = status.tiles_since(on)
    window = selectors.payment_facts(citizen.username, on=on, since=since)
    assert [s for s in prepared_statements() if "payments_payment" in s]
    everything = selectors.payment_facts(citizen.username, on=on)
    assert since == date(2025, 12, 1) and len(everything) == 23
    assert by_month(window) == by_month(f for f in everything if f.period >= since) and len(window) == 12


def test_the_categories_read_is_prepared_and_answers_what_the_models_hold(citizen):
    from payments.models import CategoryMembership, PreferentialCategory

    codes = list(PreferentialCategory.objects.values_list("code", flat=True)[:2])
    CategoryMembership.objects.create(person=citizen.person, category_id=codes[0], start=date(2020, 1, 1),
                                      end=date(2021, 6, 30))  # fmt: skip
    CategoryMembership.objects.create(person=citizen.person, category_id=codes[1], start=date(2026, 5, 1))
    CategoryMembership.objects.create(person=citizen.person, category_id=codes[0], start=date(2027, 1, 1))
    spans = selectors.category_spans(citizen.username, on=date(2026, 11, 20))
    assert [s for s in prepared_statements() if "payments_categorymembership" in s]
    held = CategoryMembership.objects.filter(person=citizen.person, start__lte=date(2026, 11, 20))
    assert {(s.code, s.start, s.end) for s in spans} == {(m.category_id, m.start, m.end) for m in held}
    assert len(spans) == 2


def as_fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def test_the_status_pages_person_and_status_are_one_prepared_read_as_the_models(citizen, django_assert_num_queries):
    from accounts.models import Person
    from payments.models import PersonStatus
    from payments.services.recompute import status_recompute

    number = citizen.username
    assert selectors.person_with_status(number)[1] is None  # before the first recompute: no stored status
    pay_self(citizen.person, months("2025-06", "2026-07"), received=date(2025, 6, 5))
    status_recompute(iins=[number], trigger="test", on=date(2026, 11, 20))  # a gap: reasons to show
    person, stored = selectors.person_with_status(number)
    with django_assert_num_queries(0):
        assert stored.person is person and person.status is stored  # each knows the other: nothing more to read
    assert [s for s in prepared_statements() if "accounts_person" in s and "payments_personstatus" in s]
    assert as_fields(person) == as_fields(Person.objects.get(iin=number))
    assert as_fields(stored) == as_fields(PersonStatus.objects.get(person_id=number))
    assert stored.reasons and isinstance(stored.reasons[0], dict)  # the JSON's value, not its text
    assert selectors.person_with_status(iin.compose(date(1990, 1, 1), "F", 99)) == (None, None)
