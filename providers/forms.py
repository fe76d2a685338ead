from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import IinField

from .models import Reason


class LookupForm(forms.Form):
    """The front desk's question: the patient's IIN and why it is asked."""

    iin = IinField(
        label=_("Patient's IIN"),
        help_text=_("12 digits, from the patient's ID card."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{12}", "autofocus": True}
        ),
    )
    reason = forms.ChoiceField(
        label=_("Reason for the look-up"),
        choices=Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the reason for the look-up.")},
    )
