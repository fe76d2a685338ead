from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import DocumentsField, IinField
from plumbing.forms import DayField


class StatusCheckForm(forms.Form):
    iin = IinField(help_text=_("We answer only “insured” or “not insured”, nothing else."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["iin"].widget.attrs["class"] = "form-control"  # the template writes the field out itself


PAYER_CHOICES = [
    ("employee", _("Employee (employer pays 121, withholds 122)")),
    ("contract", _("Contract (GPC) worker")),
    ("entrepreneur", _("Individual entrepreneur, private practice, notary, lawyer, farm head")),
    ("self", _("Self-payer")),
    ("platform", _("Platform worker")),
    ("single", _("Single-payment payer")),
]


class MonthField(forms.CharField):
    """A month as YYYY-MM (an <input type="month">, which older browsers show as text)."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-03", "pattern": r"\d{4}-\d{2}"})

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("Enter a month as YYYY-MM, for example 2026-03.")) from None


class AmountField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"}))
        super().__init__(**kwargs)


class MonthAmountsForm(forms.Form):
    payer = forms.ChoiceField(label=_("Who pays"), choices=PAYER_CHOICES)
    period = MonthField(label=_("Month the payment is for"))
    income_1 = AmountField(label=_("Monthly income, job 1 (₸)"), required=False)
    income_2 = AmountField(label=_("Monthly income, job 2 (₸)"), required=False)
    income_3 = AmountField(label=_("Monthly income, job 3 (₸)"), required=False)
    preferential = forms.BooleanField(label=_("The employee belongs to a preferential category"), required=False)

    def incomes(self):
        return [self.cleaned_data[f"income_{n}"] for n in (1, 2, 3) if self.cleaned_data.get(f"income_{n}") is not None]


class VacationForm(forms.Form):
    amount = AmountField(label=_("Vacation pay (₸)"))
    first_day = DayField(label=_("First day of leave"))
    last_day = DayField(label=_("Last day of leave"))

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("The last day comes before the first."))
        elif first and last and (last - first).days > 366:
            self.add_error("last_day", _("A leave of more than a year cannot be split here."))
        return data


class PenaltyForm(forms.Form):
    amount = AmountField(label=_("Amount paid late (₸)"))
    period = MonthField(label=_("Month the payment is for"))
    paid_on = DayField(label=_("Day it was paid"))


class CategoryRequestForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=None, empty_label=None)
    start = DayField(label=_("Since when you belong to it"))
    note = forms.CharField(
        label=_("Note for the fund (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    documents = DocumentsField(label=_("Supporting documents"))

    def __init__(self, *args, **kwargs):
        from .models import PreferentialCategory

        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = PreferentialCategory.objects.exclude(code="child").order_by("code")

    def clean_start(self):
        start = self.cleaned_data["start"]
        if start < date(2017, 7, 1) or start > date.today().replace(year=date.today().year + 1):
            raise forms.ValidationError(_("Give a date from July 2017 to one year ahead."))
        return start
