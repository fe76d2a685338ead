"""An organisation's published rating: a Bayesian average (rules document, section 8). Pure Python.

A plain average puts a clinic with one five-star review above one with two hundred reviews averaging
4.8. The Bayesian average starts every organisation from PRIOR_WEIGHT imaginary reviews of PRIOR_MEAN
(the middle of the scale) and lets real reviews pull it away::

    rating = (PRIOR_MEAN * PRIOR_WEIGHT + sum of scores) / (PRIOR_WEIGHT + number of reviews)

One 5 gives 3.33; ten 5s give 4.33; two hundred reviews averaging 4.8 give 4.76. The prior is a fixed,
published constant rather than the national mean, so one review changes one organisation's rating
and no other, and anyone can recompute a rating from the reviews shown.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

PRIOR_MEAN = Decimal(3)
PRIOR_WEIGHT = 5
REVIEW_EVERY_MONTHS = 6  # one review per person and organisation in this many months


def bayesian(total: int, count: int, *, prior_mean: Decimal = PRIOR_MEAN, prior_weight: int = PRIOR_WEIGHT):
    """The rating for `count` scores summing to `total`, to two decimals; None without any review."""
    if count < 0 or total < 0:
        raise ValueError("counts cannot be negative")
    if count == 0:
        return None
    value = (prior_mean * prior_weight + Decimal(total)) / Decimal(prior_weight + count)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def next_review_on(last_review: date) -> date:
    """The first day a person may review the same organisation again."""
    index = last_review.year * 12 + last_review.month - 1 + REVIEW_EVERY_MONTHS
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(last_review.day, calendar.monthrange(year, month)[1]))
