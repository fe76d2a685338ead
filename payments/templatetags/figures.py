"""Filters for the figures a payments page lists by the dozen, each written once per language in a process:

    {{ some_date|month:"F Y" }}   what `date` writes
    {{ amount|money }}            what `floatformat:2|intcomma` writes

A status page lists two dozen months and amounts; `date`, `floatformat` and `intcomma` translate and format each
anew, and on the status page they cost more than its database reads. Months and amounts repeat (the same twelve
months, the same monthly contribution), so what they wrote is remembered per language.
"""

from datetime import date
from decimal import Decimal
from functools import lru_cache

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import defaultfilters
from django.utils import formats
from django.utils.translation import get_language

register = template.Library()


@register.filter(expects_localtime=True)
def month(value: date | None, fmt: str = "F Y") -> str:
    if type(value) is not date:  # a datetime (its time zone matters), None, anything else: as `date` does it
        return defaultfilters.date(value, fmt)
    return _month(get_language(), value, fmt)


@lru_cache(maxsize=8192)
def _month(language: str, value: date, fmt: str) -> str:
    return formats.date_format(value, fmt)


@register.filter
def money(value) -> str:
    if type(value) not in (Decimal, int):  # None, a string, a float: as the filters themselves do it
        return intcomma(defaultfilters.floatformat(value, 2))
    return _money(get_language(), value)


@lru_cache(maxsize=8192)
def _money(language: str, value: Decimal | int) -> str:
    return intcomma(defaultfilters.floatformat(value, 2))
