"""Reads of the published figures: one small stored row per table, never the payments or appeals counted in it."""

from __future__ import annotations

from datetime import datetime

from plumbing.kept_reads import KeptAMinute

from . import tables
from .models import Figures

# Each published table: the stored figures it is built from, and how.
TABLES = {
    "insured-today": ("insured", lambda data, region, exact: tables.insured_today(data, exact)),
    "insured-months": ("insured", tables.insured_months),
    "contributions": ("contributions", lambda data, region, exact: tables.contributions(data)),
    "appeals-months": ("appeals", lambda data, region, exact: tables.appeals_months(data, exact)),
    "appeals-regions": ("appeals", lambda data, region, exact: tables.appeals_regions(data, exact)),
    "appeals-channels": ("appeals", lambda data, region, exact: tables.appeals_channels(data, exact)),
    "organisations": ("organisations", lambda data, region, exact: tables.organisations(data, exact)),
}


def refreshed_at() -> datetime | None:
    """When the figures were last refreshed (None before the first refresh): the version of every table.

    The page is read by anyone and asks only this of the database, so a process keeps it for a minute: a refresh
    in this process is seen at once (transparency.apps connects `forget_refreshed_at`), in others within the
    minute. Reading it every time made the page 3.4 times the home page's time (bench, 20,000 people)."""
    return _kept_refreshed_at()


_kept_refreshed_at = KeptAMinute(
    lambda: Figures.objects.filter(name="insured").values_list("refreshed_at", flat=True).first()
)
forget_refreshed_at = _kept_refreshed_at.forget


def published_table(slug: str, region: str = tables.ALL, *, exact: bool = False) -> tables.Table | None:
    """A published table in the active language, small cells hidden unless `exact` (fund staff); `region` picks the
    month-by-month series. None before the first refresh."""
    source, build = TABLES[slug]
    data = Figures.objects.filter(name=source).values_list("data", flat=True).first()
    return build(data, region, exact) if data is not None else None
