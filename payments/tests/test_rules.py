"""The calculator against every worked example of rules sections 2 and 4, plus edge cases.

Pure tests: no database, no Django. Expected values are copied from the rules document and seeds 000-003.
"""

from datetime import date
from decimal import Decimal as D

import pytest

from payments import rules_data
from payments.rules import (
    EXEMPT,
    INCOME,
    NOT_IN_FORCE,
    PREFERENTIAL,
    BaseRate,
    MinimumWage,
    NoRules,
    Rate,
    RuleBook,
    add_months,
    amounts_as_dict,
    calculate,
    compute_amounts,
    late_penalty,
    payment_deadline,
    round_tiyn,
    self_payer_plan,
    split_by_days,
    vacation_amounts,
)

RULES = rules_data.default_rulebook()


def amounts(payer_type, period, *incomes, preferential=False):
    return calculate(rules=RULES, payer_type=payer_type, period=period, incomes=incomes, preferential=preferential)


# --- section 2: worked examples --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "period", "income", "transfers", "contributions"),
    [
        # 2018, income above the cap: 15 x 28 284 = 424 260; 1.5% -> 6 363.90 (seed 000); no 122 in 2018
        ("seed 000", date(2018, 5, 1), "500000", "6363.90", "0.00"),
        ("seed 000", date(2018, 5, 1), "424260", "6363.90", "0.00"),
        # 2024 (seed 003)
        ("seed 003", date(2024, 3, 1), "85000", "2550.00", "1700.00"),
        ("seed 003", date(2024, 3, 1), "850000", "25500.00", "17000.00"),
        ("seed 003", date(2024, 3, 1), "1000000", "25500.00", "17000.00"),
        # 2026 (seed 003): caps 40 MZP and 20 MZP
        ("seed 003", date(2026, 3, 1), "85000", "2550.00", "1700.00"),
        ("seed 003", date(2026, 3, 1), "850000", "25500.00", "17000.00"),
        ("seed 003", date(2026, 3, 1), "1000000", "30000.00", "20000.00"),
        ("seed 003", date(2026, 3, 1), "3400000", "102000.00", "34000.00"),
    ],
)
def test_employee_worked_examples(source, period, income, transfers, contributions):
    assert amounts("employee", period, income) == {
        "121": transfers,
        "122": contributions,
        "jobs": [{"121": transfers, "122": contributions}],
    }


@pytest.mark.parametrize(
    ("payer_type", "period", "contributions"),
    [
        ("entrepreneur", date(2024, 6, 1), "5950.00"),  # seed 002: 5% x 1.4 x 85 000
        ("self", date(2024, 6, 1), "4250.00"),  # seed 002: 5% x 85 000
        ("entrepreneur", date(2026, 1, 1), "5950.00"),  # seed 001
        ("self", date(2026, 1, 1), "4250.00"),  # seed 001
        ("entrepreneur", date(2020, 1, 1), "2975.00"),  # 5% x 1.4 x 42 500
        ("self", date(2020, 12, 1), "2125.00"),  # 5% x 42 500
        ("entrepreneur", date(2022, 1, 1), "4200.00"),
        ("self", date(2023, 1, 1), "3500.00"),
    ],
)
def test_fixed_amounts(payer_type, period, contributions):
    assert amounts(payer_type, period) == {"121": "0.00", "122": contributions, "jobs": []}


def test_fixed_amounts_ignore_incomes():
    assert amounts("self", date(2024, 6, 1), "1000000") == {"121": "0.00", "122": "4250.00", "jobs": []}


@pytest.mark.parametrize(
    ("period", "incomes", "jobs", "transfers", "contributions"),
    [
        # seed 002: the 122 cap is for all jobs together (2024: at most 17 000), each employer's 121 separately
        (
            date(2024, 4, 1),
            ("600000", "500000"),
            [("18000.00", "12000.00"), ("15000.00", "5000.00")],
            "33000.00",
            "17000.00",
        ),
        (
            date(2024, 4, 1),
            ("1000000", "1000000"),
            [("25500.00", "17000.00"), ("25500.00", "0.00")],
            "51000.00",
            "17000.00",
        ),
        (
            date(2024, 4, 1),
            ("300000", "200000"),
            [("9000.00", "6000.00"), ("6000.00", "4000.00")],
            "15000.00",
            "10000.00",
        ),
        # the order of the jobs decides which employer withholds what is left of the cap
        (
            date(2024, 4, 1),
            ("500000", "600000"),
            [("15000.00", "10000.00"), ("18000.00", "7000.00")],
            "33000.00",
            "17000.00",
        ),
        # 2026: 121 capped at 3 400 000 per employer, 122 at 1 700 000 over both jobs
        (
            date(2026, 2, 1),
            ("1500000", "1500000"),
            [("45000.00", "30000.00"), ("45000.00", "4000.00")],
            "90000.00",
            "34000.00",
        ),
    ],
)
def test_two_jobs(period, incomes, jobs, transfers, contributions):
    assert amounts("employee", period, *incomes) == {
        "121": transfers,
        "122": contributions,
        "jobs": [{"121": t, "122": c} for t, c in jobs],
    }


def test_preferential_category_owes_no_employer_transfers():
    result = compute_amounts(
        rules=RULES, payer_type="employee", period=date(2024, 5, 1), incomes=[D("300000")], preferential=True
    )
    assert amounts_as_dict(result) == {"121": "0.00", "122": "6000.00", "jobs": [{"121": "0.00", "122": "6000.00"}]}
    assert result.reason(121) == PREFERENTIAL
    assert result.reason(122) is None


@pytest.mark.parametrize(
    ("first_day", "last_day", "amount", "expected"),
    [
        # seed 001: 1 July-25 August, 168 000 for 56 days
        (
            date(2024, 7, 1),
            date(2024, 8, 25),
            "168000",
            [
                (date(2024, 7, 1), 31, "93000.00", "2790.00", "1860.00"),
                (date(2024, 8, 1), 25, "75000.00", "2250.00", "1500.00"),
            ],
        ),
        (
            date(2025, 7, 1),
            date(2025, 8, 25),
            "168000",
            [
                (date(2025, 7, 1), 31, "93000.00", "2790.00", "1860.00"),
                (date(2025, 8, 1), 25, "75000.00", "2250.00", "1500.00"),
            ],
        ),
    ],
)
def test_vacation_pay_split_by_calendar_days(first_day, last_day, amount, expected):
    months = vacation_amounts(rules=RULES, amount=amount, first_day=first_day, last_day=last_day)
    got = [
        (
            m.share.period,
            m.share.days,
            f"{m.share.amount:f}",
            f"{m.amounts.transfers:f}",
            f"{m.amounts.contributions:f}",
        )
        for m in months
    ]
    assert got == expected


def test_vacation_pay_all_in_july_is_the_wrong_payment_of_seed_001():
    # "Wrong: July transfers 5 040, July contributions 3 360" - the whole 168 000 booked to July.
    assert amounts("employee", date(2024, 7, 1), "168000") == {
        "121": "5040.00",
        "122": "3360.00",
        "jobs": [{"121": "5040.00", "122": "3360.00"}],
    }


# --- section 2: edge cases --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("income", "transfers", "contributions", "capped"),
    [
        ("849999.99", "25500.00", "17000.00", False),  # 25 499.9997 and 16 999.9998 round up
        ("850000", "25500.00", "17000.00", False),  # exactly the cap
        ("850000.01", "25500.00", "17000.00", True),  # one tiyn over: capped
        ("849999.50", "25499.99", "16999.99", False),  # 25 499.985 -> .99 ; 16 999.99
    ],
)
def test_cap_boundaries_2024(income, transfers, contributions, capped):
    result = compute_amounts(rules=RULES, payer_type="employee", period=date(2024, 1, 1), incomes=[income])
    assert (f"{result.transfers:f}", f"{result.contributions:f}") == (transfers, contributions)
    assert result.cap_121 == D("850000.00")
    assert result.cap_122 == D("850000.00")
    assert result.capped_121 is capped
    assert result.capped_122 is capped


def test_rounding_is_half_up_not_half_even():
    # 50 001.25 x 2% = 1 000.025 -> 1 000.03 (half-even would give 1 000.02); x 3% = 1 500.0375 -> 1 500.04
    assert amounts("employee", date(2024, 1, 1), "50001.25")["122"] == "1000.03"
    assert amounts("employee", date(2024, 1, 1), "50001.25")["121"] == "1500.04"
    assert round_tiyn(D("0.005")) == D("0.01")
    assert round_tiyn(D("2.345")) == D("2.35")


@pytest.mark.parametrize(
    ("period", "income", "transfers", "reason_121"),
    [
        (date(2017, 1, 1), "100000", "0.00", NOT_IN_FORCE),
        (date(2017, 6, 30), "100000", "0.00", NOT_IN_FORCE),  # any day of June is June
        (date(2017, 7, 1), "100000", "1000.00", None),  # 1% from 1 July 2017
        (date(2017, 12, 1), "1000000", "3668.85", None),  # cap 15 x 24 459 = 366 885
        (date(2019, 12, 1), "1000000", "9562.50", None),  # 1.5% of 15 x 42 500 = 637 500
        (date(2020, 1, 1), "1000000", "8500.00", None),  # 2% of 10 x 42 500
        (date(2021, 6, 1), "100000", "2000.00", None),
        (date(2022, 1, 1), "100000", "3000.00", None),
    ],
)
def test_employer_by_year(period, income, transfers, reason_121):
    result = compute_amounts(rules=RULES, payer_type="employee", period=period, incomes=[income])
    assert f"{result.transfers:f}" == transfers
    assert result.reason(121) == reason_121


@pytest.mark.parametrize(
    ("period", "contributions", "reason"),
    [
        (date(2019, 12, 1), "0.00", NOT_IN_FORCE),  # employees paid nothing before 2020
        (date(2020, 1, 1), "1000.00", None),  # 1% in 2020
        (date(2021, 1, 1), "2000.00", None),  # 2% from 2021
    ],
)
def test_employee_contributions_by_year(period, contributions, reason):
    result = compute_amounts(rules=RULES, payer_type="employee", period=period, incomes=["100000"])
    assert f"{result.contributions:f}" == contributions
    assert result.reason(122) == reason


@pytest.mark.parametrize(
    ("payer_type", "period", "reason"),
    [
        ("entrepreneur", date(2017, 8, 1), NOT_IN_FORCE),
        ("entrepreneur", date(2018, 1, 1), EXEMPT),
        ("entrepreneur", date(2019, 6, 1), EXEMPT),
        ("self", date(2019, 6, 1), NOT_IN_FORCE),
        ("contract", date(2019, 6, 1), NOT_IN_FORCE),
        ("platform", date(2025, 12, 1), NOT_IN_FORCE),
        ("single", date(2021, 12, 1), NOT_IN_FORCE),
    ],
)
def test_nothing_owed_says_why(payer_type, period, reason):
    result = compute_amounts(rules=RULES, payer_type=payer_type, period=period, incomes=["100000"])
    assert result.transfers == D("0.00")
    assert result.contributions == D("0.00")
    assert result.reason(122) == reason


@pytest.mark.parametrize(
    ("payer_type", "period", "message"),
    [
        ("employee", date(2016, 12, 1), "no rules for 2016"),
        ("employee", date(2027, 1, 1), "no rules for 2027"),
        ("self", date(2031, 5, 1), "no rules for 2031"),
        ("single", date(2024, 5, 1), "no rules for single in 2024-05"),  # 21.5%: shares not in our sources
        ("single", date(2025, 5, 1), "no rules for single in 2025-05"),
        ("farmer", date(2024, 5, 1), "no rules for payer type 'farmer'"),
    ],
)
def test_no_rules(payer_type, period, message):
    with pytest.raises(NoRules, match=f"^{message}$"):
        compute_amounts(rules=RULES, payer_type=payer_type, period=period, incomes=["100000"])


def test_contract_worker_pays_122_only_with_the_employee_cap():
    assert amounts("contract", date(2024, 2, 1), "1000000") == {
        "121": "0.00",
        "122": "17000.00",
        "jobs": [{"121": "0.00", "122": "17000.00"}],
    }
    assert amounts("contract", date(2026, 2, 1), "300000", "2000000")["122"] == "34000.00"


@pytest.mark.parametrize(
    ("incomes", "contributions"),
    [
        (("500000",), "5000.00"),  # 1% of income
        (("3000000",), "17000.00"),  # at most 20 x 85 000 = 1 700 000 counted
        (("1000000", "1000000"), "17000.00"),  # the cap is the person's, over all incomes
    ],
)
def test_platform_worker_2026(incomes, contributions):
    assert amounts("platform", date(2026, 3, 1), *incomes)["122"] == contributions


def test_single_payment_2026():
    # 24.8% of 1 000 000 = 248 000; of that sum 12.1% -> 121, 8.1% -> 122
    assert amounts("single", date(2026, 4, 1), "1000000") == {
        "121": "30008.00",
        "122": "20088.00",
        "jobs": [{"121": "30008.00", "122": "20088.00"}],
        "total": "248000.00",
    }
    # 150 000.10 x 24.8% = 37 200.0248 -> 37 200.02; x 12.1% = 4 501.20242 -> 4 501.20; x 8.1% = 3 013.20162
    assert amounts("single", date(2026, 4, 1), "150000.10") == {
        "121": "4501.20",
        "122": "3013.20",
        "jobs": [{"121": "4501.20", "122": "3013.20"}],
        "total": "37200.02",
    }


def test_single_payment_not_in_force_still_has_total():
    assert amounts("single", date(2020, 4, 1), "100000") == {
        "121": "0.00",
        "122": "0.00",
        "jobs": [{"121": "0.00", "122": "0.00"}],
        "total": "0.00",
    }


def test_no_incomes():
    assert amounts("employee", date(2024, 1, 1)) == {"121": "0.00", "122": "0.00", "jobs": []}


@pytest.mark.parametrize("bad", [-1, "-0.01"])
def test_negative_income_is_an_error(bad):
    with pytest.raises(ValueError):
        amounts("employee", date(2024, 1, 1), bad)


def test_float_income_is_refused():
    with pytest.raises(TypeError):
        amounts("employee", date(2024, 1, 1), 100000.5)


# --- vacation split ---------------------------------------------------------------------------------------


def test_split_by_days_adds_up_exactly():
    shares = split_by_days(amount="100000", first_day=date(2024, 1, 20), last_day=date(2024, 3, 3))
    assert [(s.period, s.days) for s in shares] == [
        (date(2024, 1, 1), 12),
        (date(2024, 2, 1), 29),
        (date(2024, 3, 1), 3),
    ]
    assert [s.amount for s in shares] == [D("27272.73"), D("65909.09"), D("6818.18")]
    assert sum(s.amount for s in shares) == D("100000")


def test_split_by_days_one_month():
    shares = split_by_days(amount="5000", first_day=date(2024, 2, 5), last_day=date(2024, 2, 5))
    assert [(s.period, s.days, s.amount) for s in shares] == [(date(2024, 2, 1), 1, D("5000"))]


def test_split_by_days_rejects_reversed_dates():
    with pytest.raises(ValueError):
        split_by_days(amount="5000", first_day=date(2024, 2, 5), last_day=date(2024, 2, 4))


# --- self-payer plan ----------------------------------------------------------------------------------------


def test_plan_for_someone_with_no_payments_prepays_current_month_first():
    plan = self_payer_plan(rules=RULES, on=date(2024, 11, 10))
    assert plan.prepay is not None
    assert [line.period for line in plan.prepay.lines] == [add_months(date(2024, 11, 1), i) for i in range(12)]
    assert {line.amount for line in plan.prepay.lines} == {D("4250.00")}
    assert plan.prepay.total == D("51000.00")  # 4 250 x 12, each month a separate payment
    assert plan.missing is None
    assert plan.recommended == "prepay_12"


def test_plan_few_missing_months_is_cheaper_than_a_year():
    plan = self_payer_plan(
        rules=RULES,
        on=date(2024, 11, 10),
        missing=[date(2024, 3, 1), date(2023, 12, 1)],
        shortfalls={date(2024, 5, 1): D("250")},
    )
    assert plan.missing is not None
    assert [(line.period, line.amount) for line in plan.missing.lines] == [
        (date(2023, 12, 1), D("3500.00")),  # 5% of the 2023 minimum wage
        (date(2024, 3, 1), D("4250.00")),
        (date(2024, 5, 1), D("250.00")),  # underpaid: the difference
    ]
    assert plan.missing.total == D("8000.00")
    assert plan.recommended == "missing_months"


def test_plan_prepay_wins_a_tie():
    months = [add_months(date(2024, 1, 1), i) for i in range(12)]
    plan = self_payer_plan(rules=RULES, on=date(2024, 11, 10), missing=months)
    assert plan.missing.total == plan.prepay.total == D("51000.00")
    assert plan.recommended == "prepay_12"


def test_plan_before_prepaid_switch_has_no_prepay():
    plan = self_payer_plan(rules=RULES, on=date(2022, 9, 4), missing=[date(2022, 6, 1)])
    assert plan.prepay is None
    assert plan.notes == ("prepay_not_before_2022-09-05",)
    assert plan.recommended == "missing_months"
    assert self_payer_plan(rules=RULES, on=date(2022, 9, 5)).prepay.total == D("3000.00") * 4 + D("3500.00") * 8


def test_plan_into_a_year_without_rules_says_so():
    plan = self_payer_plan(rules=RULES, on=date(2026, 3, 1), missing=[date(2026, 1, 1)])
    assert plan.prepay is None
    assert plan.notes == ("no rules for 2027",)
    assert plan.recommended == "missing_months"


# --- section 4: penalty -------------------------------------------------------------------------------------

FLAT_10_5 = RuleBook(minimum_wages=(), rates=(), base_rates=(BaseRate(date(2017, 7, 1), D("10.5")),))
STEP = RuleBook(
    minimum_wages=(),
    rates=(),
    base_rates=(BaseRate(date(2024, 1, 1), D("10")), BaseRate(date(2024, 3, 1), D("20"))),
)


@pytest.mark.parametrize(
    ("rules", "amount", "period", "paid_on", "days", "penalty"),
    [
        (FLAT_10_5, "100000", date(2017, 7, 1), date(2017, 8, 25), 0, "0.00"),  # on the deadline: on time
        (FLAT_10_5, "100000", date(2017, 7, 1), date(2017, 8, 26), 1, "35.96"),  # 35.958904...
        (FLAT_10_5, "100000", date(2017, 7, 1), date(2017, 9, 4), 10, "359.59"),  # 359.589041...
        (FLAT_10_5, "6363.90", date(2017, 12, 1), date(2018, 1, 31), 6, "13.73"),  # 13.7302...
        # each day at the rate in force that day: 26-29 Feb at 10%, 1-5 March at 20%
        (STEP, "100000", date(2024, 1, 1), date(2024, 3, 5), 9, "479.45"),  # 100000 x 1.25 x 1.4 / 365
        # half up: 14.60 x 1 day x 1.25 x 10% / 365 = 0.005 -> 0.01
        (STEP, "14.60", date(2024, 1, 1), date(2024, 2, 26), 1, "0.01"),
    ],
)
def test_late_penalty(rules, amount, period, paid_on, days, penalty):
    result = late_penalty(rules=rules, amount=amount, period=period, paid_on=paid_on)
    assert result.days == days
    assert f"{result.amount:f}" == penalty


def test_penalty_days_run_from_the_day_after_the_deadline_through_the_payment_day():
    result = late_penalty(rules=RULES, amount="1000", period=date(2024, 12, 1), paid_on=date(2025, 2, 2))
    assert payment_deadline(date(2024, 12, 1)) == date(2025, 1, 25)
    assert (result.first_day, result.last_day, result.days) == (date(2025, 1, 26), date(2025, 2, 2), 8)


def test_penalty_without_a_base_rate_is_no_rules():
    with pytest.raises(NoRules, match="no base rate on 2017-06-26"):
        late_penalty(rules=FLAT_10_5, amount="100", period=date(2017, 5, 1), paid_on=date(2017, 7, 10))


def test_penalty_on_real_history_uses_the_rate_of_each_day():
    # 100 000 for July 2017 paid 4 September: 26-27 August at 10.5%, 28 August-4 September at 10.25%
    result = late_penalty(rules=RULES, amount="100000", period=date(2017, 7, 1), paid_on=date(2017, 9, 4))
    expected = D("100000") * D("1.25") * (2 * D("10.5") + 8 * D("10.25")) / D("36500")
    assert result.amount == round_tiyn(expected) == D("352.74")


# --- the data itself ------------------------------------------------------------------------------------


def test_minimum_wages_of_section_2():
    assert {w.year: w.amount for w in rules_data.MINIMUM_WAGES} == {
        2017: D("24459"),
        2018: D("28284"),
        2019: D("42500"),
        2020: D("42500"),
        2021: D("42500"),
        2022: D("60000"),
        2023: D("70000"),
        2024: D("85000"),
        2025: D("85000"),
        2026: D("85000"),
    }


def test_rate_rows_do_not_overlap_and_leave_no_hole():
    """Per payer type and KNP, rows run day after day from 2017-01-01 to 2026-12-31; only the single
    payment has a hole, 2022-2025 (its 121/122 shares are not in our sources)."""
    by_key: dict[tuple[str, int], list[Rate]] = {}
    for row in rules_data.RATES:
        by_key.setdefault((row.payer_type, row.knp), []).append(row)
    for key, rows in by_key.items():
        rows.sort(key=lambda r: r.valid_from)
        assert rows[0].valid_from == date(2017, 1, 1), key
        assert rows[-1].valid_to == date(2026, 12, 31), key
        for before, after in zip(rows, rows[1:], strict=False):
            gap = (after.valid_from - before.valid_to).days
            if key[0] == "single":
                assert (before.valid_to, after.valid_from) == (date(2021, 12, 31), date(2026, 1, 1))
            else:
                assert gap == 1, (key, before, after)
    assert set(by_key) == {
        ("employer", 121),
        ("employee", 122),
        ("contract", 122),
        ("entrepreneur", 122),
        ("self", 122),
        ("platform", 122),
        ("single", 121),
        ("single", 122),
    }


def test_rates_in_force_answer_per_payer_type():
    rows = RULES.rates_for("employee", date(2026, 7, 1))
    assert (rows[121].percent, rows[121].cap_mzp, rows[122].percent, rows[122].cap_mzp) == (
        D("3"),
        D("40"),
        D("2"),
        D("20"),
    )
    assert rows[121].basis == rows[122].basis == INCOME


def test_self_payer_amounts_for_status():
    assert RULES.self_payer_amounts() == {
        2020: D("2125.00"),
        2021: D("2125.00"),
        2022: D("3000.00"),
        2023: D("3500.00"),
        2024: D("4250.00"),
        2025: D("4250.00"),
        2026: D("4250.00"),
    }


def test_base_rates():
    dates = [row.valid_from for row in rules_data.BASE_RATES]
    assert dates == sorted(set(dates))
    assert RULES.base_rate_on(date(2017, 7, 1)) == D("10.5")  # seed 000
    assert RULES.base_rate_on(date(2026, 12, 31)) > 0


def test_state_rates_are_information():
    assert [(r.year, r.percent) for r in rules_data.STATE_RATES] == [
        (2023, D("1.8")),
        (2024, D("1.9")),
        (2025, D("2")),
        (2026, D("2")),
    ]
    assert RULES.state_rate(2024) == D("1.9")
    with pytest.raises(NoRules):
        RULES.state_rate(2027)


def test_categories_of_section_6():
    codes = [c.code for c in rules_data.CATEGORIES]
    assert codes == [
        "child",
        "pregnant",
        "parent_child_under_3",
        "childcare_leave",
        "mother_many_children",
        "carer_disabled_child",
        "carer_disabled_since_childhood",
        "carer_group1",
        "disabled",
        "pensioner",
        "student",
        "unemployed",
        "targeted_assistance",
        "kandas",
        "prisoner",
        "detained",
        "welfare_de",
    ]
    budgets = {c.code: c.budget for c in rules_data.CATEGORIES}
    assert {code for code, budget in budgets.items() if budget == "local"} == {"unemployed", "welfare_de"}
    assert set(budgets.values()) == {"republic", "local"}
    assert all(c.label for c in rules_data.CATEGORIES)


def test_rulebook_can_be_built_from_other_rows():
    """Fund staff's edited tables become a RuleBook the same way (e.g. 2027 added)."""
    book = RuleBook(
        minimum_wages=(*rules_data.MINIMUM_WAGES, MinimumWage(2027, D("90000"))),
        rates=(
            *rules_data.RATES,
            Rate("self", 122, date(2027, 1, 1), date(2027, 12, 31), "mzp", D("5"), base_mzp=D("1")),
        ),
    )
    assert calculate(rules=book, payer_type="self", period=date(2027, 3, 1)) == {
        "121": "0.00",
        "122": "4500.00",
        "jobs": [],
    }
    with pytest.raises(ValueError):
        Rate("self", 122, date(2027, 1, 1), date(2027, 12, 31), "percent")
