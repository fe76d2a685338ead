"""The admin's history of a model kept by django-simple-history, in the reader's language.

django-simple-history lists each change as "Field: old → new" with Python's writing of the values ("None",
"True", "2026-12-31", a choice's code): HistoryAdmin writes them as the rest of the admin does, "—" for nothing,
Yes and No, dates and numbers in the language's format, a choice by its label.
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils import formats
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper


class HistoryContextHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        if getattr(field, "flatchoices", None):
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, (date, datetime, Decimal, int, float)):
            return formats.localize(template_localtime(value))
        return value


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history page writes values as the admin does (HistoryContextHelper)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryContextHelper(self.model, historical_record)
