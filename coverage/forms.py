"""GET forms of the catalogue pages. None of them can fail the page: a bad value falls back to the default."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors


class OnDayForm(forms.Form):
    on = forms.DateField(
        label=_("Show the packages in force on"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("A date as YYYY-MM-DD, for example 2024-06-01."),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, for example 2024-06-01.")},
    )


class CompareForm(forms.Form):
    year = forms.ChoiceField(label=_("Versions of"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(v, v) for v in selectors.comparable_versions()]


class SearchForm(forms.Form):
    # No max_length: a long query is trimmed (selectors.parse_query), never refused.
    q = forms.CharField(
        label=_("Search the catalogue"),
        required=False,
        strip=False,
        help_text=_("A word in Kazakh, Russian or English, or an ICD-10 code such as G40."),
        widget=forms.TextInput(attrs={"type": "search", "maxlength": selectors.MAX_QUERY, "autocomplete": "off"}),
    )
