"""A status's reasons as JSON: as the recompute stores them and as pages, documents and the API read them."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from . import status

_AMOUNT_TEXT: dict[Decimal, str] = {}


def _amount_text(amount: Decimal) -> str:
    """ "4250.00": the same few amounts (a year's self-payer due) recur for every person, so kept."""
    text = _AMOUNT_TEXT.get(amount)
    if text is None:
        text = f"{amount:.2f}"
        if len(_AMOUNT_TEXT) < 10_000:
            _AMOUNT_TEXT[amount] = text
    return text


def reasons_as_json(reasons: Iterable[status.Reason]) -> list[dict]:
    out = []
    for reason in reasons:
        item = {"code": reason.code, "months": reason.months, "amounts": [_amount_text(a) for a in reason.amounts]}
        if reason.category:
            item["category"] = reason.category
        out.append(item)
    return out
