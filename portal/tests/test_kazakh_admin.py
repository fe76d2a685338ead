"""Kazakh pages, the admin included: times on the 24-hour clock, short dates as DD.MM.YYYY, and Kazakh where
Django's own catalogue leaves English."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, translation

AFTERNOON = datetime(2026, 3, 5, 14, 30, tzinfo=ZoneInfo("Asia/Almaty"))


def test_kazakh_times_are_24_hour_and_short_dates_dd_mm_yyyy():
    with translation.override("kk"):
        assert formats.date_format(AFTERNOON, "TIME_FORMAT") == "14:30"
        assert formats.date_format(AFTERNOON, "SHORT_DATE_FORMAT") == "05.03.2026"
        assert formats.date_format(AFTERNOON, "SHORT_DATETIME_FORMAT") == "05.03.2026 14:30"
        assert formats.date_format(AFTERNOON, "DATETIME_FORMAT").endswith("2026, 14:30")
        assert "p.m." not in formats.date_format(AFTERNOON, "DATETIME_FORMAT")
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d.%m.%Y"  # the admin's date widgets write this


@pytest.mark.django_db
def test_the_admin_in_kazakh_says_what_django_leaves_in_english(client, staff_member):
    client.force_login(staff_member)
    page = client.get("/admin/").content.decode() + client.get("/admin/payments/register/").content.decode()
    for english in ("View site", "Recent actions", "Start typing to filter", "Toggle theme"):
        assert english not in page, english
    for kazakh in ("Сайтты ашу", "Соңғы әрекеттер", "Сүзу үшін тере бастаңыз", "Тақырыпты ауыстыру"):
        assert kazakh in page, kazakh
    with translation.override("kk"):
        assert translation.gettext("Change") == "Өзгерту"  # Django's own says "Өзгетру"
