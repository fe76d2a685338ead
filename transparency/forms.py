from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import Region

from .tables import ALL


class RegionForm(forms.Form):
    """Which region's month-by-month figures to show (a GET form: the page works without JavaScript)."""

    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[(ALL, _("Kazakhstan, all regions")), *Region.choices],
        error_messages={"invalid_choice": _("Choose a region from the list.")},
    )  # fmt: skip

    def region_or_all(self) -> str:
        return (self.cleaned_data.get("region") or ALL) if self.is_valid() else ALL
