from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

CASES = [date(2026, 3, 1), date(2025, 12, 1), datetime(2026, 2, 28, 22, 30, tzinfo=ZoneInfo("UTC")), None, ""]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("fmt", ["F Y", "M Y"])
def test_month_writes_what_date_writes_in_every_language(language, fmt, settings):
    settings.TIME_ZONE = "Asia/Almaty"  # the datetime is already 1 March there: the time zone must be applied
    template = Template("{% load months %}" + "|".join(f'{{{{ v{n}|month:"{fmt}" }}}}' for n in range(len(CASES))))
    expected = Template("|".join(f'{{{{ v{n}|date:"{fmt}" }}}}' for n in range(len(CASES))))
    context = {f"v{n}": value for n, value in enumerate(CASES)}
    with translation.override(language):
        for _ in range(2):  # written, then remembered
            assert template.render(Context(context)) == expected.render(Context(context))
    with translation.override("en"):
        assert Template('{% load months %}{{ v|month:"F Y" }}').render(Context({"v": date(2026, 3, 1)})) == "March 2026"
