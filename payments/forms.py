from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import IinField


class StatusCheckForm(forms.Form):
    iin = IinField(help_text=_("We answer only “insured” or “not insured”, nothing else."))
