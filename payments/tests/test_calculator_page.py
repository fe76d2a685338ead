import pytest
from django.urls import reverse
from django.utils import translation

from payments.services.recompute import status_recompute

from .factories import months, pay_self

pytestmark = pytest.mark.django_db


def get(client, **params):
    translation.activate("en")  # the pages under this language's URL prefix
    return client.get(reverse("payments:calculator"), params)


def test_a_month_with_the_cap_shown(client):
    page = get(client, part="month", payer="employee", period="2024-05", income_1="1000000").content.decode()
    assert "25,500.00" in page and "17,000.00" in page and "The cap applied." in page


def test_two_jobs_share_the_contribution_cap(client):
    response = get(client, part="month", payer="employee", period="2024-05", income_1="700000", income_2="500000")
    month = response.context["month"]
    assert (str(month.transfers), str(month.contributions)) == ("36000.00", "17000.00")


def test_vacation_pay_split_example_from_the_seed(client):
    response = get(client, part="vacation", amount="168000", first_day="2024-07-01", last_day="2024-08-25")
    lines = [
        (str(m.share.amount), str(m.amounts.transfers), str(m.amounts.contributions))
        for m in response.context["vacation"]
    ]
    assert lines == [("93000.00", "2790.00", "1860.00"), ("75000.00", "2250.00", "1500.00")]


def test_penalty(client):
    response = get(client, part="penalty", amount="100000", period="2017-07", paid_on="2017-09-04")
    assert str(response.context["penalty"].amount) == "352.74" and response.context["penalty"].days == 10


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"part": "month", "payer": "employee", "period": "2031-01", "income_1": "1"}, "no rules"),
        ({"part": "month", "payer": "employee", "period": "March", "income_1": "1"}, "YYYY-MM"),
        ({"part": "month", "payer": "boss", "period": "2024-01"}, "Select a valid choice"),
        ({"part": "month", "payer": "employee", "period": "2024-01", "income_1": "-5"}, "greater than or equal"),
        ({"part": "vacation", "amount": "1", "first_day": "2024-08-01", "last_day": "2024-07-01"}, "comes before"),
        ({"part": "penalty", "amount": "x", "period": "2024-01", "paid_on": "2024-03-01"}, "Enter a number"),
    ],
)
def test_bad_input_gets_a_clear_message_not_an_error_page(client, params, message):
    response = get(client, **params)
    assert response.status_code == 200 and message in response.content.decode()


def test_signed_in_citizen_with_a_gap_sees_both_plans(client, citizen, time_machine):
    time_machine.move_to("2024-11-10 12:00+05:00")
    pay_self(citizen.person, [m for m in months("2023-10", "2024-09") if m not in ("2024-03", "2024-04")])
    status_recompute(iins=[citizen.username], trigger="test")
    client.force_login(citizen)
    plan = get(client).context["plan"]
    assert [line.period.isoformat() for line in plan.missing.lines] == ["2024-03-01", "2024-04-01"]
    assert str(plan.missing.total) == "8500.00" and str(plan.prepay.total) == "51000.00"
    assert plan.recommended == "missing_months"
