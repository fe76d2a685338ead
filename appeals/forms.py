"""Citizens' forms: file an appeal, follow it, comment, rate, reopen; review an organisation."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Region
from accounts.forms import DocumentsField, IinField
from coverage.models import MedicalOrganisation
from plumbing import sms
from plumbing.forms import DayField

from . import access, numbers, services
from .models import Appeal
from .models.appeals import DESCRIPTION_MAX
from .models.reviews import COMMENT_MAX

NUMBER_MESSAGES = {
    "format": _("A tracking number looks like 26-000123-3: two digits of the year, six digits and one more."),
    "check": _("This number has a typo: its last digit does not match the others. Check every digit."),
}


class _ByRegion(ModelChoiceIterator):
    """The directory's organisations in one <optgroup> per region."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        labels = dict(Region.choices)
        groups: dict[str, list] = {}
        for organisation in self.queryset:
            groups.setdefault(str(labels.get(organisation.region, organisation.region)), []).append(
                self.choice(organisation)
            )
        yield from groups.items()


class OrganisationChoiceField(forms.ModelChoiceField):
    """Organisations of the directory, chosen by BIN, grouped by region (works without JavaScript)."""

    iterator = _ByRegion

    def __init__(self, **kwargs):
        queryset = MedicalOrganisation.objects.filter(active=True).order_by("region", "name")
        super().__init__(queryset=queryset, to_field_name="bin", **kwargs)


class AppealForm(forms.Form):
    """File an appeal. A signed-in citizen sees no name, IIN or contact fields: their account gives them."""

    kind = forms.ChoiceField(label=_("What is it about?"), choices=Appeal.Kind.choices)
    region = forms.ChoiceField(label=_("Region"), choices=[("", "—"), *Region.choices])
    organisation = OrganisationChoiceField(
        label=_("Medical organisation"),
        required=False,
        empty_label=_("— not in the list, or not about one —"),
        help_text=_("Required when the appeal is about care: pick the organisation, or type its name below."),
    )
    organisation_name = forms.CharField(
        label=_("Or type its name"),
        required=False,
        max_length=255,
        help_text=_("When the organisation is not in the list."),
    )
    event_date = DayField(label=_("Date of the event"))
    description = forms.CharField(
        label=_("What happened"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": DESCRIPTION_MAX}),
        help_text=_("Who, where, what was refused or went wrong, and what you ask the fund to do."),
        error_messages={"required": _("Describe what happened: the fund needs it to act.")},
    )
    attachments = DocumentsField(label=_("Documents (optional)"), required=False)
    name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    iin = IinField(required=False)
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("An e-mail or a phone number: the fund answers there."),
    )
    token = forms.CharField(widget=forms.HiddenInput)

    ANONYMOUS_FIELDS = ("name", "iin", "email", "phone")
    ANONYMOUS_REQUIRED = {
        "name": _("Give your name, so that the fund knows who asks."),
        "iin": _("Give your IIN: the fund checks your insurance with it."),
    }

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.signed_in = signed_in
        self.token_expired = False
        if signed_in:
            for field in self.ANONYMOUS_FIELDS:
                del self.fields[field]
        else:  # marked required (and announced so by screen readers); `clean` gives each its own message
            for field, message in self.ANONYMOUS_REQUIRED.items():
                self.fields[field].required = True
                self.fields[field].error_messages["required"] = message
        if not self.is_bound:
            self.initial["token"] = access.new_form_token()

    @classmethod
    def initial_from(cls, query) -> dict:
        """Initial values a link may give (e.g. My status's "File an appeal about this"): a known kind and a
        description, nothing else; the citizen reads and sends the form themselves."""
        initial = {}
        if query.get("kind") in Appeal.Kind.values:
            initial["kind"] = query["kind"]
        if query.get("description"):
            initial["description"] = query["description"][:DESCRIPTION_MAX]
        return initial

    def clean_event_date(self):
        day = self.cleaned_data["event_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date of the event cannot be in the future."))
        return day

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        try:
            return sms.kz_mobile(phone)
        except sms.InvalidPhone:
            raise forms.ValidationError(services.MESSAGES["phone"], code="phone") from None

    def clean(self):
        data = super().clean()
        self.token_expired = not access.form_token_valid(data.get("token", ""))
        if self.token_expired:
            self.add_error(None, _("This form has expired. Check the fields and send it again."))
        if not self.signed_in and not data.get("email") and not data.get("phone") and "email" not in self.errors:
            self.add_error("email", _("Give an e-mail or a phone number, so that the fund can answer you."))
        kind = data.get("kind")
        if kind in Appeal.ABOUT_ORGANISATION and not (data.get("organisation") or data.get("organisation_name")):
            self.add_error("organisation", _("Pick the medical organisation from the list, or type its name."))
        return data

    def fresh_token(self) -> None:
        """After the token expired: give the form a new one, so that sending it again works."""
        data = self.data.copy()
        data["token"] = access.new_form_token()
        self.data = data

    def submission(self) -> dict:
        """The cleaned fields as keyword arguments of `services.appeal_submit`; the caller adds who files (``user``
        or ``filed_by``) and, on the public form, the page's language. A signed-in citizen's form has no contact
        fields: they come empty and the service takes them from the account."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "region": data["region"],
            "description": data["description"],
            "event_date": data["event_date"],
            "organisation": data["organisation"],
            "organisation_name": data["organisation_name"],
            "name": data.get("name", ""),
            "iin": data.get("iin", ""),
            "email": data.get("email", ""),
            "phone": data.get("phone", ""),
            "attachments": [upload for upload, _kind in data["attachments"]],
            "token": data["token"],
        }


class StaffAppealForm(AppealForm):
    """An appeals officer files for a caller (phone, in person, letter): the caller's details and how it came in."""

    channel = forms.ChoiceField(
        label=_("How the appeal came in"), choices=[(c.value, c.label) for c in Appeal.STAFF_CHANNELS]
    )
    language = forms.ChoiceField(
        label=_("The caller's language"),
        choices=settings.LANGUAGES,
        help_text=_("The e-mail and the text message with the number and the code are sent in it."),
    )
    field_order = ["channel", "name", "iin", "phone", "email", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, signed_in=False, **kwargs)
        self.fields["name"].label = _("The caller's full name")
        self.fields["phone"].help_text = _(
            "A Kazakhstan mobile number: the number and the access code are sent there by text message."
        )

    def submission(self) -> dict:
        """The public form's arguments plus the caller's language and how the appeal came in."""
        return {
            **super().submission(),
            "language": self.cleaned_data["language"],
            "channel": self.cleaned_data["channel"],
        }


class SecretInput(forms.TextInput):
    """Shown while typed, never sent back in a page (a failed attempt asks for the code again)."""

    def format_value(self, value):
        return None


class FollowForm(forms.Form):
    number = forms.CharField(
        label=_("Tracking number"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "26-000123-3"}),
    )
    code = forms.CharField(
        label=_("Access code"),
        max_length=30,
        widget=SecretInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        help_text=_("The code you were given with the number, like ABCDE-12345."),
    )

    def clean_number(self):
        text = self.cleaned_data["number"]
        try:
            return str(numbers.parse(text))
        except numbers.InvalidNumber as error:
            raise forms.ValidationError(NUMBER_MESSAGES[error.code], code=f"number_{error.code}") from None


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), required=False, max_length=DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachments = DocumentsField(label=_("Documents"), required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("attachments") and not self.errors:
            raise forms.ValidationError(_("Write a comment or attach a document."))
        return data


class RateForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Are you satisfied with the answer?"),
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you not satisfied?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why you reopen the appeal.")},
    )


class ReviewForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your score"),
        widget=forms.RadioSelect,
        coerce=int,
        choices=[
            (n, label)
            for n, label in (
                (5, _("5 — excellent")),
                (4, _("4 — good")),
                (3, _("3 — fair")),
                (2, _("2 — poor")),
                (1, _("1 — very poor")),
            )
        ],
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class RankingForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices])
