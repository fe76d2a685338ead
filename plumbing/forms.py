"""Form fields every app shares."""

from django import forms
from django.utils.translation import gettext_lazy as _

DAY_FORMAT = "%d.%m.%Y"  # as Kazakhstan writes a date, in every language of the portal


class DayField(forms.DateField):
    """A date typed as DD.MM.YYYY whatever the browser's own locale (a browser's date picker follows its language:
    mm/dd/yyyy in an English one). ISO dates (YYYY-MM-DD) are accepted too, as the API and old links send them."""

    widget = forms.DateInput(
        format=DAY_FORMAT,
        attrs={"inputmode": "numeric", "placeholder": _("DD.MM.YYYY"), "autocomplete": "off", "maxlength": 10},
    )
    input_formats = [DAY_FORMAT, "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Enter the date as DD.MM.YYYY, for example 05.03.2026.")}
