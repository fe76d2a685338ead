"""`status_batch` answers what `status` answers, for many people at once.

The batch gives the insured (payment bases, children) their basis, lapse date and covered-through month, and
leaves everyone else UNDECIDED for `status`. Random chunks of people (hypothesis, the histories of
test_properties) and the cases at the edges of each basis are judged both ways.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from payments import status, status_batch
from payments.status import PaymentFact

from .test_properties import SELF, examples, histories

AMOUNTS = status.SelfAmounts(SELF)


def picked(on: date, payments: list[PaymentFact]) -> list[tuple[int, int, int]]:
    """What the recompute's SQL picks: accepted OSMS payments received by `on`, as (month, kind, tiyn)."""
    return [
        (status.month_index(p.period), status.TRANSFERS_121 if p.knp == 121 else
         status.OWN_122 if p.self_paid else status.OTHER_122, status.tiyn(p.amount))
        for p in payments
        if p.accepted and p.received_on <= on and p.knp in (121, 122)
    ]  # fmt: skip


def both_ways(on: date, people: list[tuple[list[PaymentFact], date | None]]):
    """[(batch answer, status answer)] for each person: the batch judges all of them in one call."""
    rows = [(n, *row) for n, (payments, _) in enumerate(people) for row in picked(on, payments)]
    person, months, kinds, amounts = (np.array(column, np.int64) for column in zip(*rows, strict=True)) if rows else (
        np.array([], np.int64) for _ in range(4))  # fmt: skip
    answers = status_batch.evaluate(
        on=on, people=len(people), person=person, months=months, kinds=kinds, amounts=amounts,
        adult_from=np.array([status_batch.adult_from(born) for _, born in people], np.int64), self_amounts=AMOUNTS,
    )  # fmt: skip
    out = []
    for n, (_, born) in enumerate(people):
        mine = [row[1:] for row in rows if row[0] == n]
        one = status.evaluate_amounts(
            on=on, months=[r[0] for r in mine], kinds=[r[1] for r in mine], amounts=[r[2] for r in mine],
            birth_date=born, self_amounts=SELF,
        )  # fmt: skip
        basis = status_batch.BASES[answers.basis[n]]
        through = status.month_label(int(answers.through[n])) if answers.through[n] != status_batch.NO_MONTH else None
        out.append(((basis, status_batch.lapse_date(int(answers.lapse[n])), through), one))
    return out


def assert_agrees(batch, one: status.Status) -> None:
    basis, lapse, through = batch
    if basis is None:
        assert not one.insured, (batch, one)  # UNDECIDED: `status` answers, with reasons
    else:
        assert (one.insured, one.basis, one.lapse_date, one.covered_through) == (True, basis, lapse, through)


@st.composite
def chunks(draw):
    on = draw(st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 6, 30)))
    born = st.one_of(st.none(), st.dates(min_value=date(1935, 1, 1), max_value=on))
    return on, draw(st.lists(st.tuples(histories(on), born), min_size=1, max_size=8))


@examples(300)
@given(chunks())
def test_a_chunk_of_random_people_gets_the_engines_answers(chunk):
    on, people = chunk
    for batch, one in both_ways(on, people):
        assert_agrees(batch, one)


def employer(first: date, months: int, received_delay: int = 10, salary: str = "200000") -> list[PaymentFact]:
    start = status.month_index(first)
    out = []
    for month in range(start, start + months):
        period = status.month_date(month)
        received = status.month_date(month + 1) + timedelta(days=received_delay)
        out.append(PaymentFact(period, 121, D(salary) * D("0.02"), received, False))
        out.append(PaymentFact(period, 122, D(salary) * D("0.02"), received, False))
    return out


def own(first: date, months: int, amount: str, received: date) -> list[PaymentFact]:
    start = status.month_index(first)
    return [PaymentFact(status.month_date(m), 122, D(amount), received, True) for m in range(start, start + months)]


def test_the_edges_of_each_basis_agree_with_the_engine():
    on = date(2026, 11, 25)  # L = 2026-09
    people = [
        (employer(date(2025, 10, 1), 12), None),  # past twelve exactly: 2025-10..2026-09
        (employer(date(2025, 11, 1), 11), None),  # one month short
        (employer(date(2020, 6, 1), 66), None),  # 66 months to 2025-11: retention (L - E = 10 > 6): not
        (employer(date(2020, 10, 1), 62), None),  # 62 months to 2025-11... E = 2025-11, L - E = 10
        (employer(date(2021, 3, 1), 61), None),  # to 2026-03: L - E = 6, a 61-month run: retention
        (employer(date(2021, 4, 1), 59), None),  # 59 months: too short
        (own(date(2026, 11, 1), 12, "4250.00", date(2026, 11, 20)), None),  # prepaid M..M+11
        (own(date(2026, 11, 1), 12, "4249.99", date(2026, 11, 20)), None),  # a tiyn short: underpaid
        (own(date(2026, 11, 1), 11, "4250.00", date(2026, 11, 20)), None),  # 11 months ahead: not prepaid
        ([], date(2010, 5, 5)),  # a child with nothing paid
        (employer(date(2025, 10, 1), 12), date(2009, 1, 1)),  # a child turning 18 with past twelve
        ([], date(2008, 11, 25)),  # turned 18 today: no longer exempt
        ([], date(2008, 11, 26)),  # 18 tomorrow: still a child
        ([], date(2008, 2, 29)),  # born on 29 February: adult from 1 March
        ([], None),  # nothing known
        (employer(date(2025, 10, 1), 12, received_delay=60), None),  # the last months arrive after `on`
    ]
    answers = both_ways(on, people)
    for batch, one in answers:
        assert_agrees(batch, one)
    bases = [batch[0] for batch, _ in answers]
    assert bases[:9] == ["past_twelve", None, None, None, "retention", None, "prepaid", None, None]
    assert bases[9:15] == ["exempt", "exempt", None, "exempt", None, None]
    assert bases[15] is None


def test_before_the_switches_prepaid_and_retention_do_not_hold():
    people = [(own(date(2022, 9, 1), 12, "3500.00", date(2022, 9, 1)), None),  # prepaid 2022-09..2023-08
              (employer(date(2020, 1, 1), 66), None)]  # a run of 66 months to 2025-06  # fmt: skip
    bases = {}
    for on in (date(2022, 9, 4), date(2022, 9, 5), date(2025, 12, 31), date(2026, 1, 1)):
        answers = both_ways(on, people)
        for batch, one in answers:
            assert_agrees(batch, one)
        bases[on] = [batch[0] for batch, _ in answers]
    assert bases[date(2022, 9, 4)][0] is None and bases[date(2022, 9, 5)][0] == "prepaid"
    assert bases[date(2025, 12, 31)][1] is None and bases[date(2026, 1, 1)][1] == "retention"


def test_nobody_and_nobody_paid():
    on = date(2026, 11, 25)
    empty = np.array([], np.int64)
    answers = status_batch.evaluate(
        on=on, people=0, person=empty, months=empty, kinds=empty, amounts=empty, adult_from=empty,
        self_amounts=AMOUNTS,
    )  # fmt: skip
    assert len(answers.basis) == 0
    for batch, one in both_ways(on, [([], None), ([], None)]):
        assert batch[0] is None and not one.insured
