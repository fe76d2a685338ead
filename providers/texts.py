"""Messages shared by the front-desk page and the API (translated in the request's language)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from . import selectors
from .limits import Exceeded


def refusal(state: str) -> str:
    if state == selectors.ACCOUNT_DISABLED:
        return _(
            "Your provider account is switched off, so you cannot look patients up. "
            "Ask your organisation's manager to contact the fund."
        )
    if state == selectors.ORGANISATION_DISABLED:
        return _(
            "Your organisation's access to the register of insured people is switched off, so nobody there can "
            "look patients up. Ask the fund's regional branch."
        )
    return _(
        "This page is for staff of medical organisations with a provider account. "
        "Citizens see their own status in their cabinet."
    )


def limit_exceeded(exceeded: Exceeded) -> str:
    if exceeded.window == "minute":
        return _(
            "Your organisation has made %(limit)d look-ups this minute, the most allowed. "
            "Please wait %(seconds)d seconds and try again."
        ) % {"limit": exceeded.limit, "seconds": exceeded.retry_after}
    resume = timezone.localtime() + timedelta(seconds=exceeded.retry_after)
    return _(
        "Your organisation has made %(limit)d look-ups today, the most allowed. Look-ups resume at %(time)s. "
        "Give urgent care first and check the status later."
    ) % {"limit": exceeded.limit, "time": time_format(resume, "H:i")}
