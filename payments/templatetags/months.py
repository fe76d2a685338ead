"""`{{ some_date|month:"F Y" }}`: Django's `date` filter for the months a page lists, each written once per
language and format in a process (a status page lists two dozen; `date` translates and formats each anew)."""

from datetime import date
from functools import lru_cache

from django import template
from django.template import defaultfilters
from django.utils import formats
from django.utils.translation import get_language

register = template.Library()


@register.filter(expects_localtime=True)
def month(value: date | None, fmt: str = "F Y") -> str:
    if type(value) is not date:  # a datetime (its time zone matters), None, anything else: as `date` does it
        return defaultfilters.date(value, fmt)
    return _written(get_language(), value, fmt)


@lru_cache(maxsize=8192)
def _written(language: str, value: date, fmt: str) -> str:
    return formats.date_format(value, fmt)
