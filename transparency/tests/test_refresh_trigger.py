"""A refresh follows the recomputes that a register brings, one for many, and the nightly task counts any missing
month first."""

from datetime import date

import pytest
from django.core.cache import cache

from accounts.models import Person
from payments import tasks as payment_tasks
from transparency import tasks
from transparency.models import Figures, InsuredMonth

pytestmark = pytest.mark.django_db


def test_a_recompute_task_refreshes_the_figures(country, today):
    cache.delete(tasks.PENDING)
    assert not Figures.objects.exists()
    payment_tasks.recompute_people.delay(list(Person.objects.values_list("iin", flat=True)), "test")
    assert Figures.objects.filter(name="insured").exists()  # eager here: the refresh ran after the recompute
    assert not cache.get(tasks.PENDING)  # and freed the way for the next one


def test_one_refresh_is_queued_however_many_recomputes_finish(country, today, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.refresh_figures, "apply_async", lambda **options: sent.append(options))
    cache.delete(tasks.PENDING)
    for _ in range(3):
        payment_tasks.recompute_people.delay([country.employee.iin], "test")
    assert sent == [{"countdown": tasks.REFRESH_DELAY}]
    cache.delete(tasks.PENDING)


def test_the_nightly_task_counts_the_missing_months_then_refreshes(country, today):
    tasks.refresh_figures_nightly.delay()
    assert InsuredMonth.objects.filter(month=date(2024, 4, 1)).exists()
    assert InsuredMonth.objects.filter(month=date(2026, 3, 1)).exists()
    assert Figures.objects.count() == 4
