"""Writes of the published figures: the refresh after recomputes and at night, and the counts of past months.

Each figure is computed here once per refresh, from selectors of the apps that own the data, and stored exact. What
the public sees of it (small cells hidden) is decided when it is shown (`transparency.tables`).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from appeals import selectors as appeal_selectors
from payments import selectors as payment_selectors
from payments.models import Group
from payments.rules import add_months
from payments.services import status_groups

from .models import Figures, InsuredMonth

MONTHS = 24  # the months the page shows: this one and the 23 before it
REFRESH_LOCK = 0x5A52  # PostgreSQL advisory lock: one refresh writes at a time


@dataclass(frozen=True)
class Refreshed:
    month: date
    people: int


def window(today: date) -> list[date]:
    """The first days of the MONTHS months that end with today's."""
    current = today.replace(day=1)
    return [add_months(current, offset) for offset in range(1 - MONTHS, 1)]


def figures_refresh(*, today: date | None = None) -> Refreshed:
    """Count today's statuses into this month's row of the series and rebuild every published table."""
    today = today or timezone.localdate()
    months = window(today)
    counts = payment_selectors.people_by_group()
    received = payment_selectors.received_by_month(since=months[0])
    appeals = appeal_selectors.appeal_facts(since=months[0], today=today)
    organisations = appeal_selectors.organisations_by_region()
    now = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK])
        _store_month(months[-1], counts)
        series = InsuredMonth.objects.filter(month__gte=months[0], month__lte=months[-1])
        tables = {
            "insured": _insured(months, series.values_list("month", "region", "group", "people")),
            "contributions": _contributions(months, received),
            "appeals": _appeals(months, appeals),
            "organisations": _organisations(organisations),
        }
        for name, data in tables.items():
            Figures.objects.update_or_create(name=name, defaults={"data": data, "refreshed_at": now})
    return Refreshed(months[-1], sum(counts.values()))


def insured_backfill(*, today: date | None = None) -> list[date]:
    """Count each past month of the window that has no counts yet, as the rules answered on its last day.

    A month the portal refreshed keeps what it counted then; this fills the months before the portal kept figures
    (and any month no refresh reached), one evaluation of everyone per month. Returns the months filled.
    """
    today = today or timezone.localdate()
    past = window(today)[:-1]
    kept = set(InsuredMonth.objects.filter(month__in=past).values_list("month", flat=True).distinct())
    filled = []
    for month in past:
        if month in kept:
            continue
        counts = status_groups.groups_on(add_months(month, 1) - timedelta(days=1))
        with transaction.atomic():
            _store_month(month, counts)
        filled.append(month)
    return filled


def _store_month(month: date, counts: dict[tuple[str, str], int]) -> None:
    InsuredMonth.objects.filter(month=month).delete()
    InsuredMonth.objects.bulk_create(
        InsuredMonth(month=month, region=region, group=group, people=people)
        for (region, group), people in sorted(counts.items())
    )


def _label(month: date) -> str:
    return f"{month:%Y-%m}"


def _insured(months: list[date], rows) -> dict:
    """{"months": [...], "regions": {region: {group: [people per month]}}}; region "" is "not known"."""
    position = {month: n for n, month in enumerate(months)}
    regions: dict[str, dict[str, list[int]]] = {}
    for month, region, group, people in rows:
        groups = regions.setdefault(region, {code: [0] * len(months) for code in Group.values})
        groups[group][position[month]] += people
    return {"months": [_label(month) for month in months], "regions": regions}


def _contributions(months: list[date], received) -> dict:
    """{"months": [...], "121": {"payments": [...], "amount": ["KZT", ...]}, "122": {...}}."""
    position = {month: n for n, month in enumerate(months)}
    out = {"months": [_label(month) for month in months]}
    for knp in ("121", "122"):
        out[knp] = {"payments": [0] * len(months), "amount": ["0.00"] * len(months)}
    for month, knp, count, total in received:
        if month in position:
            out[str(knp)]["payments"][position[month]] = count
            out[str(knp)]["amount"][position[month]] = f"{total:.2f}"
    return out


def _counts() -> dict:
    return {"filed": 0, "answered": 0, "decided": 0, "on_time": 0, "days": []}


def _appeals(months: list[date], facts) -> dict:
    """Appeals filed by month and kind, by region and by channel; how many were decided (answered, or past due),
    answered on time, and the median days to an answer."""
    position = {month: n for n, month in enumerate(months)}
    kinds: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    by_month = [_counts() for _ in months]
    by_region: dict[str, dict] = defaultdict(_counts)
    channels: dict[str, int] = defaultdict(int)
    total = _counts()
    for month, region, kind, channel, answered, on_time, decided, days in facts:
        if month not in position:
            continue
        kinds[kind][position[month]] += 1
        channels[channel] += 1
        for counts in (by_month[position[month]], by_region[region], total):
            counts["filed"] += 1
            counts["answered"] += answered
            counts["decided"] += decided
            counts["on_time"] += on_time
            if days is not None:
                counts["days"].append(days)
    return {
        "months": [_label(month) for month in months],
        "kinds": dict(kinds),
        "by_month": [_summary(counts) for counts in by_month],
        "regions": {region: _summary(counts) for region, counts in by_region.items()},
        "channels": dict(channels),
        "total": _summary(total),
    }


def _summary(counts: dict) -> dict:
    days = counts.pop("days")
    return {**counts, "median_days": statistics.median(days) if days else None}


def _organisations(rows) -> dict:
    return {
        "regions": {
            region: {"organisations": organisations, "rated": rated, "reviews": reviews,
                     "mean": round(mean, 2) if mean is not None else None, "appeals": appeals}
            for region, organisations, rated, reviews, mean, appeals in rows
        }
    }  # fmt: skip
