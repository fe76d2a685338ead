"""The employer-arrears rule (payments.arrears, decision 0021) on small hand-made registers."""

from datetime import date
from decimal import Decimal as D

from payments import rules_data
from payments.arrears import NO_122, NOTHING, SHORT_122, Line, due_contributions, find_arrears

RULES = rules_data.default_rulebook()
EMPLOYER = "180340012345"
ANNA, BOLAT, CHINGIZ = "900101300011", "850202400022", "800303300033"
MAR = date(2024, 3, 1)


def paid(iin, month, t121="2550", t122="1700"):
    out = []
    if t121:
        out.append(Line(iin, month, 121, D(t121)))
    if t122:
        out.append(Line(iin, month, 122, D(t122)))
    return out


def test_due_from_the_121_base():
    assert due_contributions(RULES, MAR, D("2550")) == D("1700.00")  # income 85 000 (seed 003)
    assert due_contributions(RULES, MAR, D("25500")) == D("17000.00")  # at the cap
    assert due_contributions(RULES, date(2019, 5, 1), D("1000")) == D("0.00")  # no 122 before 2020
    assert due_contributions(RULES, date(2031, 1, 1), D("1000")) is None  # no rules: cannot say


def test_two_employees_one_without_122_is_flagged_with_the_amount_due():
    found = find_arrears(EMPLOYER, [*paid(ANNA, MAR), *paid(BOLAT, MAR, t122=None)], rules=RULES)
    assert len(found) == 1
    row = found[0]
    assert (row.iin, row.period, row.kind, row.missing, row.others_paid) == (BOLAT, MAR, NO_122, D("1700.00"), True)


def test_less_than_due_is_flagged_with_the_difference():
    found = find_arrears(EMPLOYER, [*paid(ANNA, MAR), *paid(BOLAT, MAR, t122="1000")], rules=RULES)
    assert [(r.iin, r.kind, r.due_122, r.missing) for r in found] == [(BOLAT, SHORT_122, D("1700.00"), D("700.00"))]


def test_rounding_is_not_arrears():
    assert find_arrears(EMPLOYER, [*paid(ANNA, MAR), *paid(BOLAT, MAR, t122="1699.50")], rules=RULES) == []


def test_one_employee_is_not_compared_with_anyone_in_the_same_month():
    assert find_arrears(EMPLOYER, paid(ANNA, MAR, t122=None), rules=RULES) == []


def test_one_employee_with_a_hole_between_paid_months_is_a_citizen_sentence_not_a_report_row():
    feb, apr = date(2024, 2, 1), date(2024, 4, 1)
    found = find_arrears(EMPLOYER, [*paid(ANNA, feb), *paid(ANNA, apr)], rules=RULES)
    assert [(r.period, r.kind, r.others_paid, r.paid_before, r.paid_after) for r in found] == [
        (MAR, NOTHING, False, feb, apr)
    ]


def test_a_long_break_is_not_arrears():
    lines = [*paid(ANNA, date(2023, 1, 1)), *paid(ANNA, date(2024, 1, 1))]
    lines += [line for m in range(1, 13) for line in paid(BOLAT, date(2023, m, 1))]
    assert find_arrears(EMPLOYER, lines, rules=RULES) == []


def test_a_bank_paying_self_payers_122_is_not_an_employer():
    bank = "940140000385"
    lines = [Line(ANNA, MAR, 122, D("4250")), Line(BOLAT, date(2024, 2, 1), 122, D("4250"))]
    lines += [Line(BOLAT, date(2024, 4, 1), 122, D("4250"))]
    assert find_arrears(bank, lines, rules=RULES) == []


def test_paying_for_oneself_is_not_an_employer():
    assert find_arrears(ANNA, [*paid(ANNA, MAR, t122=None), *paid(BOLAT, MAR)], rules=RULES) == []


def test_before_2020_a_121_alone_is_complete():
    may = date(2019, 5, 1)
    assert find_arrears(EMPLOYER, [*paid(ANNA, may, "1275", None), *paid(BOLAT, may, "1275", None)], rules=RULES) == []


def test_no_rules_for_the_year_flags_only_a_missing_122():
    jan = date(2031, 1, 1)
    found = find_arrears(EMPLOYER, [*paid(ANNA, jan), *paid(BOLAT, jan, t122="1"), *paid(CHINGIZ, jan, t122=None)],
                         rules=RULES)  # fmt: skip
    assert [(r.iin, r.kind, r.missing) for r in found] == [(CHINGIZ, NO_122, None)]


def test_two_jobs_share_one_122_cap():
    """Seed 002: the 122 cap counts the income of all jobs together (2024: at most 17 000 a month in all)."""
    from payments.arrears import contributions_cap, within_shared_cap

    assert contributions_cap(RULES, MAR) == D("17000.00")
    assert contributions_cap(RULES, date(2026, 3, 1)) == D("34000.00")  # 2% of 20 MZP from 2026
    # Each employer pays 121 at its own cap (25 500) and half the shared 122: alone, each looks short by 8 500.
    [short] = find_arrears(EMPLOYER, [*paid(ANNA, MAR, "25500", "8500"), *paid(BOLAT, MAR, "25500", "17000")],
                           rules=RULES)  # fmt: skip
    assert (short.iin, short.kind, short.missing) == (ANNA, SHORT_122, D("8500.00"))
    assert within_shared_cap(short, D("17000.00"), rules=RULES) is None  # the other job paid the rest: at the cap
    # Below the cap over both jobs, no more than the rest of the cap is missing.
    assert within_shared_cap(short, D("12000.00"), rules=RULES).missing == D("5000.00")
    assert within_shared_cap(short, D("8500.00"), rules=RULES).missing == D("8500.00")  # this job alone: as it was


def test_the_shared_cap_leaves_other_arrears_alone():
    from payments.arrears import within_shared_cap

    [missing] = find_arrears(EMPLOYER, [*paid(ANNA, MAR), *paid(BOLAT, MAR, t122=None)], rules=RULES)
    assert within_shared_cap(missing, D("99999"), rules=RULES) is missing
