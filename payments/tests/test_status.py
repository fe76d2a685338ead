"""The status engine against every worked example of rules section 3 (D = 2024-11-10), plus edge cases.

Pure tests: no database, no Django.
"""

import random
from datetime import date
from decimal import Decimal as D

import pytest

from payments.rules import add_months
from payments.status import (
    CategorySpan,
    PaymentFact,
    evaluate,
    last_due_month,
    month_index,
    month_label,
    month_tiles,
)

# 5% x 1 MZP per year (section 2), as `RuleBook.self_payer_amounts()` gives them (test_rules checks that).
SELF = {
    2020: D("2125.00"),
    2021: D("2125.00"),
    2022: D("3000.00"),
    2023: D("3500.00"),
    2024: D("4250.00"),
    2025: D("4250.00"),
    2026: D("4250.00"),
}
D_ = date(2024, 11, 10)  # the rules document's D: M = 2024-11, L = 2024-09


def month(label: str) -> date:
    year, mon = label.split("-")
    return date(int(year), int(mon), 1)


def months(first: str, last: str) -> list[date]:
    out, day = [], month(first)
    while day <= month(last):
        out.append(day)
        day = add_months(day, 1)
    return out


def own(period: date, amount="4250", *, received: date | None = None, accepted=True) -> PaymentFact:
    """A self-payment (sender = the insured person), received by default on the 1st of its period."""
    return PaymentFact(period, 122, D(amount), received or period, True, accepted)


def employer(period: date, knp: int, amount, *, received: date | None = None, accepted=True) -> PaymentFact:
    """A payment from an employer, received by default on the 20th of the next month."""
    return PaymentFact(period, knp, D(amount), received or add_months(period, 1).replace(day=20), False, accepted)


def self_payer(first: str, last: str, *, skip=(), amount=None, received=None) -> list[PaymentFact]:
    return [own(p, amount or SELF[p.year], received=received) for p in months(first, last) if f"{p:%Y-%m}" not in skip]


def employee(first: str, last: str, *, skip_122=(), skip=(), salary=D("100000")) -> list[PaymentFact]:
    out = []
    for p in months(first, last):
        label = f"{p:%Y-%m}"
        if label in skip:
            continue
        out.append(employer(p, 121, salary * D("0.03")))
        if label not in skip_122:
            out.append(employer(p, 122, salary * D("0.02")))
    return out


def status(payments, on=D_, **kwargs):
    return evaluate(on=on, payments=payments, self_amounts=SELF, **kwargs)


def codes(result):
    return [r.code for r in result.reasons]


def reason(result, code):
    (found,) = [r for r in result.reasons if r.code == code]
    return found


# --- section 3: worked examples (D = 2024-11-10) ----------------------------------------------------------


def test_d_means_m_2024_11_and_l_2024_09():
    assert month_label(month_index(D_)) == "2024-11"
    assert month_label(last_due_month(D_)) == "2024-09"


def test_self_payer_past_twelve_insured_until_25_november():
    result = status(self_payer("2023-10", "2024-09"))
    assert (result.insured, result.basis, result.lapse_date) == (True, "past_twelve", date(2024, 11, 25))
    assert result.covered_through == "2024-09"
    assert result.reasons == []


def test_one_month_missing_is_a_gap():
    result = status(self_payer("2023-10", "2024-09", skip={"2024-03"}))
    assert (result.insured, result.basis, result.lapse_date) == (False, None, None)
    assert codes(result) == ["gap"]
    assert reason(result, "gap").months == ["2024-03"]
    assert reason(result, "gap").amounts == [D("4250.00")]


def test_lump_sum_counts_once():
    result = status([own(month("2024-11"), "51000", received=date(2024, 11, 5))])
    assert result.insured is False
    assert "lump_sum" in codes(result)
    lump = reason(result, "lump_sum")
    assert (lump.months, lump.amounts) == (["2024-11"], [D("51000")])
    # The lump counts for 2024-11 only: pay 2024-12 ... 2025-10 month by month.
    assert reason(result, "gap").months == [f"{p:%Y-%m}" for p in months("2024-12", "2025-10")]


def test_prepaid_current_month_first():
    result = status(self_payer("2024-11", "2025-10", received=date(2024, 11, 5)))
    assert (result.insured, result.basis) == (True, "prepaid")
    assert result.covered_through == "2025-10"
    assert result.lapse_date == date(2025, 12, 25)  # the 25th of E+2 (see the report on prepaid)


def test_prepaid_from_next_month_gives_no_status_today():
    result = status(self_payer("2024-12", "2025-11", received=date(2024, 11, 5)))
    assert result.insured is False
    assert codes(result) == ["gap"]
    assert reason(result, "gap").months == ["2024-11"]  # pay the current month and the year is complete


def test_employee_month_with_121_only_is_incomplete():
    result = status(employee("2023-10", "2024-09", skip_122={"2024-07"}))
    assert result.insured is False
    assert codes(result) == ["incomplete"]
    assert reason(result, "incomplete").months == ["2024-07"]
    assert reason(result, "incomplete").amounts == [D("3000.00")]  # the 121 that did arrive


def test_employee_with_all_twelve_months_is_insured():
    result = status(employee("2023-10", "2024-09"))
    assert (result.insured, result.basis, result.lapse_date) == (True, "past_twelve", date(2024, 11, 25))


# --- the deadline: the 25th itself vs the 26th, and year boundaries -------------------------------------


@pytest.mark.parametrize(
    ("on", "last_due"),
    [
        (date(2024, 11, 25), "2024-09"),
        (date(2024, 11, 26), "2024-10"),
        (date(2024, 11, 1), "2024-09"),
        (date(2024, 11, 30), "2024-10"),
        (date(2025, 1, 10), "2024-11"),
        (date(2025, 1, 26), "2024-12"),
        (date(2025, 2, 3), "2024-12"),
        (date(2024, 1, 25), "2023-11"),
        (date(2024, 1, 26), "2023-12"),
    ],
)
def test_last_due_month(on, last_due):
    assert month_label(last_due_month(on)) == last_due


def test_on_the_25th_the_month_is_not_yet_due_and_on_the_26th_it_is():
    payments = self_payer("2023-10", "2024-09")
    assert status(payments, on=date(2024, 11, 25)).insured is True
    late = status(payments, on=date(2024, 11, 26))
    assert late.insured is False
    assert reason(late, "gap").months == ["2024-10"]


def test_year_boundary_january():
    payments = self_payer("2023-12", "2024-11")
    result = status(payments, on=date(2025, 1, 10))
    assert (result.insured, result.basis, result.lapse_date) == (True, "past_twelve", date(2025, 1, 25))
    assert status(payments, on=date(2025, 1, 25)).insured is True
    assert reason(status(payments, on=date(2025, 1, 26)), "gap").months == ["2024-12"]


def test_lapse_date_in_the_next_year():
    result = status(self_payer("2023-11", "2024-10"), on=date(2024, 11, 26))
    assert result.lapse_date == date(2024, 12, 25)
    result = status(self_payer("2024-01", "2024-12"), on=date(2025, 1, 30))
    assert result.lapse_date == date(2025, 2, 25)


# --- prepaid switch 2022-09-05 ------------------------------------------------------------------------------


def test_prepaid_only_from_2022_09_05():
    payments = self_payer("2022-09", "2023-08", received=date(2022, 9, 1))
    before = status(payments, on=date(2022, 9, 4))
    assert before.insured is False
    assert reason(before, "gap").months == [f"{p:%Y-%m}" for p in months("2021-08", "2022-07")]  # past window only
    after = status(payments, on=date(2022, 9, 5))
    assert (after.insured, after.basis) == (True, "prepaid")


def test_no_payments_before_prepaid_switch_points_at_the_past_year():
    result = status([], on=date(2022, 9, 4))
    assert codes(result) == ["no_payments"]
    assert reason(result, "no_payments").months[0] == "2021-08"


def test_no_payments_suggests_prepaying_twelve_months_current_first():
    result = status([])
    assert result.insured is False
    assert codes(result) == ["no_payments"]
    found = reason(result, "no_payments")
    assert found.months == [f"{p:%Y-%m}" for p in months("2024-11", "2025-10")]
    assert found.amounts == [D("4250.00")] * 12
    assert sum(found.amounts) == D("51000.00")  # 4 250 x 12


def test_rejected_and_foreign_knp_payments_are_no_payments():
    result = status(
        [own(month("2024-05"), accepted=False), PaymentFact(month("2024-05"), 10, D("40000"), date(2024, 6, 1), False)]
    )
    assert codes(result) == ["no_payments"]


# --- retention switch 2026-01-01 -------------------------------------------------------------------------------


def test_retention_from_2026_01_01():
    payments = employee("2020-07", "2025-06")  # 60 months, E = 2025-06
    assert status(payments, on=date(2025, 12, 31)).insured is False  # L - E = 4, but no retention yet
    result = status(payments, on=date(2026, 1, 1))  # L = 2025-11, L - E = 5
    assert (result.insured, result.basis) == (True, "retention")
    assert result.covered_through == "2025-06"
    assert result.lapse_date == date(2026, 2, 25)  # the 25th of E+8
    assert status(payments, on=date(2026, 2, 25)).insured is True  # L = 2025-12, L - E = 6
    assert status(payments, on=date(2026, 2, 26)).insured is False  # L - E = 7


def test_retention_needs_sixty_months():
    payments = employee("2020-08", "2025-06")  # 59 months
    assert status(payments, on=date(2026, 1, 1)).insured is False


def test_long_run_lapse_date_counts_retention():
    payments = employee("2021-01", "2026-04")  # 64 months
    result = status(payments, on=date(2026, 6, 10))  # L = 2026-04
    assert (result.basis, result.lapse_date) == ("past_twelve", date(2026, 12, 25))  # E+8, not E+2


def test_long_run_lapse_before_retention_is_e_plus_2():
    payments = employee("2020-01", "2025-08")  # 68 months; past twelve ends 2025-10-25, before 2026
    assert status(payments, on=date(2025, 10, 1)).lapse_date == date(2025, 10, 25)


def test_retention_is_not_lost_by_paying_one_later_month():
    payments = employee("2020-07", "2025-06") + [own(month("2026-01"), received=date(2026, 1, 2))]
    assert status(payments, on=date(2026, 1, 10)).basis == "retention"


# --- what counts ---------------------------------------------------------------------------------------------


def test_partial_self_payment_is_underpaid_by_the_difference():
    payments = self_payer("2023-10", "2024-09", skip={"2024-05"}) + [own(month("2024-05"), "4000")]
    result = status(payments)
    assert codes(result) == ["underpaid"]
    assert (reason(result, "underpaid").months, reason(result, "underpaid").amounts) == (["2024-05"], [D("250.00")])


def test_several_payments_for_one_month_add_up():
    payments = self_payer("2023-10", "2024-09", skip={"2024-05"})
    payments += [own(month("2024-05"), "2000"), own(month("2024-05"), "2250", received=date(2024, 6, 20))]
    assert status(payments).insured is True


def test_self_payment_below_the_amount_counts_when_someone_else_paid_too():
    payments = self_payer("2023-10", "2024-09", skip={"2024-05"})
    payments += [own(month("2024-05"), "100"), employer(month("2024-05"), 122, "1")]
    assert status(payments).insured is True


def test_employer_payment_counts_when_positive_whatever_the_amount():
    payments = self_payer("2023-10", "2024-09", skip={"2024-05"}) + [employer(month("2024-05"), 122, "0.01")]
    assert status(payments).insured is True


def test_self_payment_uses_the_amount_of_its_own_year():
    payments = self_payer("2023-10", "2024-09")  # 3 500 in 2023, 4 250 in 2024
    assert status(payments).insured is True
    short = self_payer("2023-10", "2024-09", amount="3500")  # 3 500 in 2024 is short
    result = status(short)
    assert reason(result, "underpaid").months == [f"{p:%Y-%m}" for p in months("2024-01", "2024-09")]
    assert set(reason(result, "underpaid").amounts) == {D("750.00")}


def test_a_year_without_a_self_payer_amount_uses_the_latest_known_year():
    # 2027 is not in SELF yet: 4 250 (2026) is what a 2027 self-payment must reach.
    payments = self_payer("2026-05", "2026-12", received=date(2026, 5, 5))
    payments += [own(p, "4250", received=date(2026, 5, 5)) for p in months("2027-01", "2027-04")]
    assert status(payments, on=date(2026, 5, 10)).basis == "prepaid"
    payments[-1] = own(month("2027-04"), "4249.99", received=date(2026, 5, 5))
    assert status(payments, on=date(2026, 5, 10)).insured is False


def test_rejected_payment_counts_for_nothing():
    payments = self_payer("2023-10", "2024-09", skip={"2024-03"}) + [own(month("2024-03"), accepted=False)]
    result = status(payments)
    assert reason(result, "gap").months == ["2024-03"]


def test_payment_received_after_the_date_is_ignored():
    late = own(month("2024-03"), received=date(2024, 11, 11))
    payments = self_payer("2023-10", "2024-09", skip={"2024-03"}) + [late]
    assert status(payments).insured is False
    assert status(payments, on=date(2024, 11, 11)).insured is True


def test_vacation_paid_all_in_july_leaves_august_uncovered():
    # seed 001: 5 040 / 3 360 all for July, August empty -> 11 months, not insured
    payments = employee("2023-10", "2024-09", skip={"2024-07", "2024-08"}, salary=D("90000"))
    payments += [employer(month("2024-07"), 121, "5040"), employer(month("2024-07"), 122, "3360")]
    result = status(payments)
    assert result.insured is False
    assert codes(result) == ["vacation_lump", "gap"]
    lump = reason(result, "vacation_lump")
    assert (lump.months, lump.amounts) == (["2024-07", "2024-08"], [D("3360"), D("0.00")])
    assert reason(result, "gap").months == ["2024-08"]


def test_a_plain_gap_next_to_a_usual_month_is_not_a_vacation_lump():
    result = status(employee("2023-10", "2024-09", skip={"2024-08"}))
    assert codes(result) == ["gap"]


# --- exemptions ----------------------------------------------------------------------------------------------


def test_child_under_18_is_exempt_until_the_day_before_the_18th_birthday():
    result = status([], birth_date=date(2010, 5, 1))
    assert (result.insured, result.basis, result.lapse_date) == (True, "exempt", date(2028, 4, 30))
    assert status([], on=date(2028, 4, 30), birth_date=date(2010, 5, 1)).insured is True
    adult = status([], on=date(2028, 5, 1), birth_date=date(2010, 5, 1))
    assert adult.insured is False
    assert codes(adult) == ["category_lapsed", "no_payments"]
    assert reason(adult, "category_lapsed").category == "child"


def test_childhood_that_ended_long_ago_is_not_given_as_a_reason():
    assert codes(status([], on=date(2029, 6, 1), birth_date=date(2010, 5, 1))) == ["no_payments"]
    assert codes(status([], birth_date=date(1960, 2, 1))) == ["no_payments"]


def test_child_born_on_29_february():
    assert status([], on=date(2026, 2, 28), birth_date=date(2008, 2, 29)).insured is True
    assert status([], on=date(2026, 3, 1), birth_date=date(2008, 2, 29)).insured is False


def test_category_valid_on_the_date():
    span = CategorySpan("student", date(2024, 9, 1), date(2025, 6, 30))
    result = status([], categories=[span])
    assert (result.insured, result.basis, result.lapse_date) == (True, "exempt", date(2025, 6, 30))
    assert status([], on=date(2025, 6, 30), categories=[span]).insured is True


def test_open_category_has_no_lapse_date():
    result = status([], categories=[CategorySpan("pensioner", date(2020, 1, 1))])
    assert (result.insured, result.basis, result.lapse_date) == (True, "exempt", None)


def test_category_not_yet_started_does_not_count():
    assert status([], categories=[CategorySpan("student", date(2024, 11, 11), None)]).insured is False


def test_category_lapsed_without_payments():
    result = status([], categories=[CategorySpan("unemployed", date(2023, 1, 1), date(2024, 6, 30))])
    assert result.insured is False
    assert codes(result) == ["category_lapsed", "no_payments"]
    lapsed = reason(result, "category_lapsed")
    assert (lapsed.months, lapsed.category) == (["2024-06"], "unemployed")


def test_category_lapsed_but_payments_followed():
    span = CategorySpan("unemployed", date(2023, 1, 1), date(2024, 6, 30))
    result = status([own(month("2024-08"))], categories=[span])
    assert result.insured is False
    assert "category_lapsed" not in codes(result)


def test_exempt_and_paying_keeps_the_later_lapse_date():
    span = CategorySpan("student", date(2020, 9, 1), date(2024, 11, 15))
    result = status(self_payer("2023-10", "2024-09"), categories=[span])
    assert (result.basis, result.lapse_date) == ("exempt", date(2024, 11, 25))


# --- the prepaid rule read literally (reported to the lead) ---------------------------------------------------


def test_prepaid_literally_needs_the_next_twelve_months_every_month():
    payments = self_payer("2024-11", "2025-10", received=date(2024, 11, 5))
    result = status(payments, on=date(2024, 12, 10))  # M..M+11 = 2024-12..2025-11
    assert result.insured is False
    assert reason(result, "gap").months == ["2025-11"]


# --- invariants -------------------------------------------------------------------------------------------


def _random_history(rng: random.Random) -> tuple[date, list[PaymentFact]]:
    on = date(rng.randint(2022, 2026), rng.randint(1, 12), rng.choice([1, 10, 25, 26, 28]))
    payments = []
    for offset in range(-75, 13):
        period = add_months(on.replace(day=1), offset)
        if period.year < 2020 or rng.random() < 0.12:
            continue
        if rng.random() < 0.5:
            payments.append(own(period, SELF.get(period.year, SELF[2026]), received=min(on, period)))
        else:
            payments.append(employer(period, 122, "1700", received=min(on, add_months(period, 1))))
            if rng.random() < 0.1:
                payments.append(employer(period, 121, "2550", received=min(on, add_months(period, 1))))
    return on, payments


@pytest.mark.parametrize("seed", range(40))
def test_adding_a_covered_month_never_removes_status(seed):
    rng = random.Random(seed)
    on, payments = _random_history(rng)
    before = status(payments, on=on)
    for offset in range(-75, 13):
        period = add_months(on.replace(day=1), offset)
        if period.year < 2020:
            continue
        after = status([*payments, employer(period, 122, "1700", received=on)], on=on)
        if before.insured:
            assert after.insured, (seed, on, period)
            assert after.lapse_date >= before.lapse_date, (seed, on, period)


@pytest.mark.parametrize("seed", range(40))
def test_payment_order_does_not_matter(seed):
    rng = random.Random(seed)
    on, payments = _random_history(rng)
    shuffled = payments[:]
    rng.shuffle(shuffled)
    assert status(shuffled, on=on) == status(payments, on=on)


def test_insured_by_past_twelve_stays_insured_through_the_lapse_date():
    payments = self_payer("2023-10", "2024-09")
    lapse = status(payments).lapse_date
    for day in (date(2024, 11, 10), date(2024, 11, 20), lapse):
        assert status(payments, on=day).insured is True
    assert status(payments, on=date(2024, 11, 26)).insured is False


# --- the 12-month strip ---------------------------------------------------------------------------------------


def test_month_tiles():
    payments = employee("2023-12", "2024-09", skip={"2024-03", "2024-05"}, skip_122={"2024-07"})
    payments += [own(month("2024-05"), "4000")]
    tiles = month_tiles(on=D_, payments=payments, self_amounts=SELF)
    assert [(t.month, t.state) for t in tiles] == [
        ("2023-12", "covered"),
        ("2024-01", "covered"),
        ("2024-02", "covered"),
        ("2024-03", "missing"),
        ("2024-04", "covered"),
        ("2024-05", "underpaid"),
        ("2024-06", "covered"),
        ("2024-07", "incomplete"),
        ("2024-08", "covered"),
        ("2024-09", "covered"),
        ("2024-10", "not_yet_due"),
        ("2024-11", "not_yet_due"),
    ]
    assert (tiles[0].paid_121, tiles[0].paid_122) == (D("3000.00"), D("2000.00"))
    assert tiles[5].paid_122 == D("4000")
    late = month_tiles(on=date(2024, 11, 26), payments=payments, self_amounts=SELF)
    assert [(t.month, t.state) for t in late[-2:]] == [("2024-10", "missing"), ("2024-11", "not_yet_due")]


def test_month_tiles_exempt_months():
    span = CategorySpan("unemployed", date(2024, 1, 15), date(2024, 2, 10))
    tiles = month_tiles(on=D_, payments=[own(month("2024-02"))], self_amounts=SELF, categories=[span], count=4)
    assert [(t.month, t.state) for t in tiles] == [
        ("2024-08", "missing"),
        ("2024-09", "missing"),
        ("2024-10", "not_yet_due"),
        ("2024-11", "not_yet_due"),
    ]
    tiles = month_tiles(on=D_, payments=[own(month("2024-02"))], self_amounts=SELF, categories=[span])
    assert [t.state for t in tiles[:4]] == ["missing", "exempt", "covered", "missing"]
    child = month_tiles(on=D_, payments=[], self_amounts=SELF, birth_date=date(2006, 6, 15))
    assert [t.state for t in child[5:8]] == ["exempt", "exempt", "missing"]  # 18 on 2024-06-15


def test_summed_months_give_the_same_status_as_the_payments():
    """The nightly recompute sums payments per month in SQL; the answer must not change."""
    import random

    from payments.status import OTHER_122, OWN_122, TRANSFERS_121, evaluate_amounts, tiyn

    rng = random.Random(2026)
    on = date(2024, 11, 10)
    for _ in range(400):
        facts = []
        for month in range(rng.randint(0, 30)):
            period = date(2022 + (month + 8) // 12, (month + 8) % 12 + 1, 1)
            for _ in range(rng.randint(1, 2)):
                facts.append(PaymentFact(
                    period, rng.choice([121, 122, 122]), D(rng.choice([2000, 4250, 6000, 9000, 51000])),
                    rng.choice([on, date(2025, 1, 1), period]), rng.random() < 0.5, rng.random() < 0.95,
                ))  # fmt: skip
        counted = [f for f in facts if f.accepted and f.received_on <= on]
        sums: dict[int, list[D]] = {}
        for f in counted:
            row = sums.setdefault(f.period.year * 12 + f.period.month - 1, [D(0)] * 3)
            row[0 if f.knp == 122 and not f.self_paid else 1 if f.knp == 122 else 2] += f.amount
        kinds = (OTHER_122, OWN_122, TRANSFERS_121)
        picked = [
            (month, kind, tiyn(amount))
            for month, row in sums.items()
            for kind, amount in zip(kinds, row, strict=True)
            if amount
        ]
        birth = rng.choice([None, date(1990, 1, 1), date(2010, 1, 1)])
        direct = evaluate(on=on, payments=facts, birth_date=birth, self_amounts=SELF)
        summed = evaluate_amounts(
            on=on,
            months=[p[0] for p in picked],
            kinds=[p[1] for p in picked],
            amounts=[p[2] for p in picked],
            birth_date=birth,
            self_amounts=SELF,
        )
        assert direct == summed


def test_picked_amounts_must_line_up():
    """`evaluate_amounts` takes three parallel sequences; a caller that loses one entry is told, not answered."""
    from payments.status import OTHER_122, evaluate_amounts

    with pytest.raises(ValueError):
        evaluate_amounts(on=date(2024, 11, 10), months=[24290, 24291], kinds=[OTHER_122], amounts=[500_000, 500_000],
                         self_amounts=SELF)  # fmt: skip


def test_picked_amounts_that_add_up_to_nothing_cover_nothing():
    """A month whose amounts add up to zero or less is not covered (stored amounts are positive; this guards
    the sums)."""
    from payments.status import OTHER_122, evaluate_amounts, month_index

    on = date(2024, 11, 10)
    months = [month_index(date(2024, m, 1)) for m in range(1, 10)]
    full = evaluate_amounts(on=on, months=months, kinds=[OTHER_122] * 9, amounts=[500_000] * 9, self_amounts=SELF)
    cancelled = evaluate_amounts(
        on=on, months=[*months, months[-1]], kinds=[OTHER_122] * 10, amounts=[500_000] * 9 + [-500_000],
        self_amounts=SELF,
    )  # fmt: skip

    def gap(result):
        return next(reason.months for reason in result.reasons if reason.code == "gap")

    assert gap(full) == ["2023-10", "2023-11", "2023-12"]
    assert gap(cancelled) == ["2023-10", "2023-11", "2023-12", "2024-09"]
