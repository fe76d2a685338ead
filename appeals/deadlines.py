"""Appeal deadlines on Kazakhstan's working calendar (rules document, section 7).

Section 7 sets four periods, all counted from a day the service layer stores:

* the answer is due within 15 working days of registration (Administrative Procedural Code,
  art. 76): `due_date`;
* staff may extend that once, with a written reason, to at most two months from registration:
  `latest_extension`; the citizen is told of the extension within 3 working days:
  `extension_notice_due`;
* an appeal that is not the fund's business is forwarded within 3 working days: `forward_due`;
* the citizen may reopen an answered appeal within 30 calendar days of the answer (the fund's own
  rule for the workflow, see `appeals.workflow`): `reopen_deadline`.

Counting working days. The day of registration is day 0, whatever day it is; counting starts on the
next day, and a deadline of N working days is the N-th working day after it. So an appeal registered
on a Friday evening or on a public holiday loses no time to the day it came in.

Which days are working days. The `holidays` package (pinned in requirements.txt), Kazakhstan's
calendar with its defaults, through its own ``is_working_day``:

* Saturdays and Sundays are days off,
* and so is every public holiday the package lists, including its "observed" days: under the Labour
  Code (art. 85) a holiday that falls on a Saturday or Sunday moves the day off to the next working
  day (8 March 2026, a Sunday, makes Monday 9 March a day off; Nauryz 21-23 March 2026 makes 24 and
  25 March days off). Orthodox Christmas and Kurban Ait are not moved, and the package knows that;
* the transfers the Government declares by decree for a year are known to the package as far as its
  version goes: the weekday that becomes a day off is a holiday ("Day off (substituted from ...)"),
  and the Saturday or Sunday that becomes a working day is in its ``weekend_workdays`` and counts
  here as a working day (4 May 2024 was worked so that 8 May 2024 was off).

What the package cannot know: transfers decreed after its release, and Kurban Ait in future years
(lunar: "estimated" until announced). A due date computed for a future period is therefore
provisional: the service should store the due date when it registers the appeal rather than
recompute it later, and the package is pinned so that a new calendar comes in as a reviewed change.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays

COUNTRY = "KZ"
DUE_WORKING_DAYS = 15  # APC art. 76
FORWARD_WORKING_DAYS = 3  # not the fund's business: forwarded, and the citizen told where
NOTICE_WORKING_DAYS = 3  # the citizen is told of an extension
EXTENSION_MONTHS = 2  # an extension ends at most two months after registration
REOPEN_DAYS = 30  # calendar days after the answer


@lru_cache(maxsize=64)
def _calendar(year: int) -> holidays.HolidayBase:
    """Kazakhstan's calendar for the years around ``year``, built once and never expanded afterwards.

    The neighbouring years are included because a transfer may cross a year's end (the package has
    28 December 2013 worked for 3 January 2014). ``expand=False`` keeps lookups read-only, so the
    cached object is safe to share between threads.
    """
    return holidays.country_holidays(COUNTRY, years=range(year - 1, year + 2), expand=False)


def is_working_day(day: date) -> bool:
    """True when ``day`` is a working day in Kazakhstan (see the module's docstring for the rules)."""
    return _calendar(day.year).is_working_day(day)


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start``; ``start`` itself never counts (0 gives ``start``)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def due_date(registered: date) -> date:
    """The last day for the answer: 15 working days after registration (APC art. 76)."""
    return add_working_days(registered, DUE_WORKING_DAYS)


def forward_due(registered: date) -> date:
    """The last day to forward an appeal that is not the fund's business: 3 working days after registration."""
    return add_working_days(registered, FORWARD_WORKING_DAYS)


def extension_notice_due(extended_on: date) -> date:
    """The last day to tell the citizen that the answer was extended: 3 working days after the decision."""
    return add_working_days(extended_on, NOTICE_WORKING_DAYS)


def latest_extension(registered: date) -> date:
    """The latest day an extended answer may be due: two months after registration.

    The same day of the month two months later; when that month is shorter (31 December gives
    February), the last day of that month. It is a calendar limit, not moved for days off: an
    extension that ends on a holiday must be answered before it.
    """
    months = registered.month - 1 + EXTENSION_MONTHS
    year, month = registered.year + months // 12, months % 12 + 1
    return date(year, month, min(registered.day, calendar.monthrange(year, month)[1]))


def reopen_deadline(answered: date) -> date:
    """The last day the citizen may reopen an answered appeal: 30 calendar days after the answer."""
    return answered + timedelta(days=REOPEN_DAYS)
