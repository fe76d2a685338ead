"""The recompute's evaluation: each person's status from their payments, and its fingerprint.

The batch engine (`status_batch`) answers a whole chunk in numpy arrays: who is insured, on which basis, until when.
What it does not decide goes to the single-person engine (`status`): people with a preferential category, and the
reasons of everyone not insured. Each distinct answer is worked out once per chunk: insured people share a few
(basis, lapse, last covered month) answers, and people not insured with the same payments (nothing at all, or a
self-payer's same months) share one evaluation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date

import numpy as np

from .. import status, status_batch
from ..reasons import reasons_as_json
from .recompute_read import Payments, People

# (insured, basis, reasons as JSON text, lapse date, covered through "YYYY-MM" or "", digest)
Answer = tuple[bool, str, str, date | None, str, str]


def status_digest(insured: bool, basis: str, reasons: list, lapse_date: date | None, covered_through: str) -> str:
    """A short fingerprint of a status, so that a recompute compares without reading the stored reasons."""
    return digest(insured, basis, json.dumps(reasons), lapse_date, covered_through)


def digest(insured: bool, basis: str, reasons_json: str, lapse_date: date | None, covered_through: str) -> str:
    """`status_digest` from reasons already serialised: the same bytes as json.dumps of the whole list (a basis
    and a "YYYY-MM" need no JSON escaping, so they are quoted directly)."""
    lapse = f'"{lapse_date.isoformat()}"' if lapse_date else "null"
    flag = "true" if insured else "false"
    text = f'[{flag}, "{basis}", {reasons_json}, {lapse}, "{covered_through}"]'
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def answers(iins: Sequence[str], people: People, payments: Payments, *, on: date, self_amounts) -> dict[str, Answer]:
    """Each registered person's answer (IINs not in the registry yet have nothing to store)."""
    births, spans = people.births, people.spans
    batch = status_batch.evaluate(
        on=on, people=len(iins), person=payments.person, months=payments.months, kinds=payments.kinds,
        amounts=payments.amounts, adult_from=np.array([status_batch.adult_from(births.get(iin)) for iin in iins],
        np.int64), self_amounts=self_amounts,
    )  # fmt: skip
    payments_of = payments.by_person(len(iins))
    insured_answers: dict[tuple[int, int, int], Answer] = {}
    shared_answers: dict[tuple, Answer] = {}
    out: dict[str, Answer] = {}
    for n, (iin, code, lapse, through) in enumerate(
        zip(iins, batch.basis.tolist(), batch.lapse.tolist(), batch.through.tolist(), strict=True)
    ):
        if iin not in births:
            continue
        if iin in spans:  # a preferential category: only `status` knows
            out[iin] = _evaluated(on, *payments_of(n), spans[iin], births[iin], self_amounts)
        elif code != status_batch.UNDECIDED:  # insured by the batch's answer
            answer = insured_answers.get((code, lapse, through))
            if answer is None:
                answer = insured_answers[code, lapse, through] = _insured(code, lapse, through)
            out[iin] = answer
        else:
            # Not insured, no category: the answer is a function of the payments alone (of the birth date too in
            # the year after the 18th birthday, when the childhood that ended is named).
            months, kinds, amounts = payments_of(n)
            birth = births[iin]
            if birth is not None and on >= status.adulthood(birth) + status.CHILDHOOD_NAMED:
                birth = None
            key = (tuple(months), tuple(kinds), tuple(amounts), birth)
            answer = shared_answers.get(key)
            if answer is None:
                answer = shared_answers[key] = _evaluated(on, months, kinds, amounts, (), birth, self_amounts)
            out[iin] = answer
    return out


def _insured(code: int, lapse: int, through: int) -> Answer:
    """A batch answer of insured, as an `Answer`."""
    basis, lapse_date = status_batch.BASES[code], status_batch.lapse_date(lapse)
    covered = status.month_label(through) if through != status_batch.NO_MONTH else ""
    return True, basis, "[]", lapse_date, covered, digest(True, basis, "[]", lapse_date, covered)


def _evaluated(on, months, kinds, amounts, spans, birth_date, self_amounts) -> Answer:
    """The answer of `status` itself, reasons and all."""
    result = status.evaluate_amounts(
        on=on, months=months, kinds=kinds, amounts=amounts, categories=spans, birth_date=birth_date,
        self_amounts=self_amounts,
    )  # fmt: skip
    reasons = json.dumps(reasons_as_json(result.reasons)) if result.reasons else "[]"
    basis, covered = result.basis or "", result.covered_through or ""
    return (
        result.insured,
        basis,
        reasons,
        result.lapse_date,
        covered,
        digest(result.insured, basis, reasons, result.lapse_date, covered),
    )
