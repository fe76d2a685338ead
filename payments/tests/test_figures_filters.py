"""payments.templatetags.figures writes what Django's filters write, in every language, once remembered."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

MONTHS = [date(2026, 3, 1), date(2025, 12, 1), datetime(2026, 2, 28, 22, 30, tzinfo=ZoneInfo("UTC")), None, ""]
AMOUNTS = [Decimal("4250.00"), Decimal("4250"), Decimal("1234567.5"), Decimal("-85.125"), 0, 12000, None, "x", 2.5]


def same(ours: str, django: str, values: list, language: str) -> None:
    names = [f"v{n}" for n in range(len(values))]
    context = dict(zip(names, values, strict=True))
    template = Template("{% load figures %}" + "|".join(ours.replace("V", name) for name in names))
    expected = Template("{% load humanize %}" + "|".join(django.replace("V", name) for name in names))
    with translation.override(language):
        for _ in range(2):  # written, then remembered
            assert template.render(Context(context)) == expected.render(Context(context))


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("fmt", ["F Y", "M Y"])
def test_month_writes_what_date_writes(language, fmt, settings):
    settings.TIME_ZONE = "Asia/Almaty"  # the datetime is already 1 March there: the time zone must be applied
    same(f'{{{{ V|month:"{fmt}" }}}}', f'{{{{ V|date:"{fmt}" }}}}', MONTHS, language)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_money_writes_what_floatformat_and_intcomma_write(language):
    same("{{ V|money }}", "{{ V|floatformat:2|intcomma }}", AMOUNTS, language)


def test_each_language_is_remembered_apart():
    template = Template('{% load figures %}{{ m|month:"F Y" }} {{ a|money }}')
    context = {"m": date(2026, 3, 1), "a": Decimal("1234567.5")}
    with translation.override("en"):
        english = template.render(Context(context))
    with translation.override("ru"):
        russian = template.render(Context(context))
    assert english == "March 2026 1,234,567.50" and russian != english and "2026" in russian
