"""Dates are typed and shown as DD.MM.YYYY in every language, whatever the browser's own locale."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from plumbing.forms import DayField

pytestmark = pytest.mark.django_db


def test_a_day_is_read_as_kazakhstan_writes_it_and_as_iso():
    field = DayField()
    assert field.clean("05.03.2026") == date(2026, 3, 5)
    assert field.clean("2026-03-05") == date(2026, 3, 5)
    for wrong in ("03/05/2026", "5 March 2026", "31.02.2026"):
        with translation.override("en"), pytest.raises(ValidationError, match="DD.MM.YYYY"):
            field.clean(wrong)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_appeal_forms_date_is_a_text_field_with_a_translated_hint(client, language):
    translation.activate(language)  # the pages under this language's URL prefix
    html = client.get(reverse("appeals:new")).content.decode()
    tag = re.search(r'<input[^>]*name="event_date"[^>]*>', html)[0]
    assert 'type="text"' in tag and 'inputmode="numeric"' in tag
    with translation.override(language):
        hint = translation.gettext("DD.MM.YYYY")
    assert f'placeholder="{hint}"' in tag
    assert language == "en" or hint != "DD.MM.YYYY"


def test_a_day_is_written_as_dd_mm_yyyy_in_every_language():
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            assert DayField().widget.format_value(date(2026, 3, 5)) == "05.03.2026"
