"""The refresh counts what the rules say, from hand-made data; past months come from the rules as they answered then."""

from datetime import date

import pytest

from payments.services.recompute import status_recompute
from transparency import services
from transparency.models import Figures, InsuredMonth

from .conftest import at

pytestmark = pytest.mark.django_db


def month_counts(month: date) -> dict[tuple[str, str], int]:
    return {(row.region, row.group): row.people for row in InsuredMonth.objects.filter(month=month)}


def test_today_is_counted_by_region_and_by_who_pays(country, today):
    refreshed = services.figures_refresh(today=today)
    assert refreshed.people == 6
    assert month_counts(date(2026, 3, 1)) == {
        ("astana", "employee"): 1,  # the employer paid the 122 of the last covered month
        ("astana", "self_payer"): 1,
        ("astana", "retention"): 1,  # 70 months ending 2025-10, within 6 months of L = 2026-01
        ("almaty", "preferential"): 1,  # a child: the state pays
        ("almaty", "not_insured"): 1,
        ("", "not_insured"): 1,  # no region on record
    }
    insured = Figures.objects.get(name="insured").data
    assert insured["months"][0] == "2024-04" and insured["months"][-1] == "2026-03" and len(insured["months"]) == 24
    assert insured["regions"]["astana"]["employee"][-1] == 1
    assert insured["regions"]["almaty"]["not_insured"][-1] == 1


def test_a_past_month_is_counted_as_the_rules_answered_on_its_last_day(country, today):
    filled = services.insured_backfill(today=today)
    assert filled[0] == date(2024, 4, 1) and filled[-1] == date(2026, 2, 1) and len(filled) == 23
    assert month_counts(date(2025, 12, 1)) == {
        ("astana", "employee"): 1,
        ("astana", "self_payer"): 1,
        ("astana", "not_insured"): 1,  # on 31 December 2025 there was no retention, and 2025-11 was unpaid
        ("almaty", "preferential"): 1,
        ("almaty", "not_insured"): 1,
        ("", "not_insured"): 1,
    }
    # April 2024: the employee and the self-payer had paid only since January 2024 (payments received by then).
    assert month_counts(date(2024, 4, 1))[("astana", "not_insured")] == 2
    assert services.insured_backfill(today=today) == []  # every month counted: nothing to do


def test_a_month_counted_by_a_refresh_keeps_its_figures_after_it_ends(country, today, time_machine):
    services.figures_refresh(today=today)
    march = month_counts(date(2026, 3, 1))
    country.employee.region = "almaty"
    country.employee.save()
    time_machine.move_to(at(date(2026, 4, 2)))
    status_recompute(iins=[country.employee.iin], trigger="test")
    services.insured_backfill(today=date(2026, 4, 2))
    services.figures_refresh(today=date(2026, 4, 2))
    assert month_counts(date(2026, 3, 1)) == march
    april = month_counts(date(2026, 4, 1))
    assert sum(people for (region, _), people in april.items() if region == "almaty") == 3  # the employee moved


def test_contributions_are_counted_by_month_received_and_knp(country, today):
    services.figures_refresh(today=today)
    data = Figures.objects.get(name="contributions").data
    february = data["months"].index("2026-02")  # received 10 February 2026: the period 2026-01
    assert data["121"]["payments"][february] == 1 and data["121"]["amount"][february] == "2550.00"
    assert data["122"]["payments"][february] == 2 and data["122"]["amount"][february] == "5950.00"  # 1700 + 4250
    march = data["months"].index("2026-03")
    assert data["121"]["payments"][march] == 0 and data["122"]["amount"][march] == "0.00"


def test_appeals_are_counted_with_their_answers_on_time_and_median_days(country, today, make_appeal):
    make_appeal(region="astana", registered=date(2026, 1, 5), due=date(2026, 1, 26), answered=date(2026, 1, 20))
    make_appeal(region="astana", registered=date(2026, 1, 6), due=date(2026, 1, 27), answered=date(2026, 2, 10))
    make_appeal(region="almaty", registered=date(2026, 2, 2), due=date(2026, 2, 20))  # overdue: decided, late
    make_appeal(region="almaty", registered=date(2026, 3, 5), due=date(2026, 3, 26), channel="phone")  # waiting
    make_appeal(region="almaty", registered=date(2023, 1, 5), due=date(2023, 1, 26))  # before the two years
    services.figures_refresh(today=today)
    data = Figures.objects.get(name="appeals").data
    assert data["total"] == {"filed": 4, "answered": 2, "decided": 3, "on_time": 1, "median_days": 25}
    january = data["months"].index("2026-01")
    assert data["by_month"][january] == {"filed": 2, "answered": 2, "decided": 2, "on_time": 1, "median_days": 25}
    assert data["regions"]["almaty"] == {"filed": 2, "answered": 0, "decided": 1, "on_time": 0, "median_days": None}
    assert data["channels"] == {"web": 3, "phone": 1}
    assert data["kinds"]["care_refused"][january] == 2


def test_an_extension_moves_the_due_date_of_on_time(country, today, make_appeal):
    make_appeal(region="astana", registered=date(2026, 1, 5), due=date(2026, 1, 26), extended=date(2026, 3, 5),
                answered=date(2026, 2, 20))  # fmt: skip
    services.figures_refresh(today=today)
    assert Figures.objects.get(name="appeals").data["total"]["on_time"] == 1


def test_organisations_are_counted_by_region_with_their_ratings(country, today, make_organisation, make_appeal):
    rated = make_organisation(1, region="astana")
    make_organisation(2, region="astana")
    other = make_organisation(3, region="almaty")
    make_appeal(region="astana", registered=date(2026, 1, 5), due=date(2026, 1, 26), organisation=rated)
    # As the reviews would have left them (appeals/ratings.py computes them; here only the figures matter).
    type(rated).objects.filter(pk=rated.pk).update(rating="4.50", review_count=10)
    type(other).objects.filter(pk=other.pk).update(rating="3.25", review_count=2)
    services.figures_refresh(today=today)
    regions = Figures.objects.get(name="organisations").data["regions"]
    assert regions["astana"] == {"organisations": 2, "rated": 1, "reviews": 10, "mean": 4.5, "appeals": 1}
    assert regions["almaty"] == {"organisations": 1, "rated": 1, "reviews": 2, "mean": 3.25, "appeals": 0}


def test_a_second_refresh_gives_the_same_figures(country, today):
    services.figures_refresh(today=today)
    first = dict(Figures.objects.values_list("name", "data"))
    services.figures_refresh(today=today)
    assert dict(Figures.objects.values_list("name", "data")) == first
    assert InsuredMonth.objects.filter(month=date(2026, 3, 1)).count() == 6
