from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .lockout import LockoutFormMixin
from .models import User
from .services import SignUpRefused, citizen_register
from .validators import validate_iin

_IIN_WIDGET = forms.TextInput(
    attrs={"inputmode": "numeric", "autocomplete": "username", "maxlength": 12, "pattern": "[0-9]{12}"}
)


class IinField(forms.CharField):
    default_validators = [validate_iin]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("IIN"))
        kwargs.setdefault("help_text", _("Your 12-digit individual identification number."))
        kwargs.setdefault("widget", _IIN_WIDGET)
        super().__init__(max_length=20, **kwargs)


class SignUpForm(forms.Form):
    iin = IinField()
    last_name = forms.CharField(
        label=_("Last name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    first_name = forms.CharField(
        label=_("First name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not only digits, not a common password, not like your name."),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    refusals = {
        "iin_taken": _(
            "An account with this IIN already exists. Sign in, or reset your password. If you did not open it, "
            "bring your ID to a fund office: staff will close it and confirm yours."
        ),
    }

    def __init__(self, *args, language: str = "kk", **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.user = None

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            probe = User(
                username=data.get("iin", ""),
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data

    def save(self) -> User:
        data = self.cleaned_data
        try:
            self.user = citizen_register(
                iin=data["iin"],
                last_name=data["last_name"].strip(),
                first_name=data["first_name"].strip(),
                email=data["email"],
                password=data["password1"],
                language=self.language,
            )
        except SignUpRefused as refusal:
            self.add_error("iin", self.refusals[refusal.code])
            return None
        return self.user


class SignInForm(LockoutFormMixin, AuthenticationForm):
    """Sign in with IIN and password; repeated failures pause signing in (accounts.lockout)."""

    username = forms.CharField(label=_("IIN"), max_length=20, widget=_IIN_WIDGET)
    error_messages = {
        "invalid_login": _(
            "The IIN or the password is wrong. Check both and try again; the password is case-sensitive."
        ),
        "inactive": _("This account is switched off. Call 1414 for help."),
    }


class StaffSignInForm(LockoutFormMixin, AdminAuthenticationForm):
    """The admin's sign-in, under the same lock-out as the portal's (accounts.admin installs it)."""


class ContactForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "phone", "language"]
        labels = {"email": _("E-mail"), "phone": _("Phone"), "language": _("Language for letters")}
        widgets = {"phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"})}

    def clean_phone(self):
        phone = "".join(ch for ch in self.cleaned_data["phone"] if ch.isdigit() or ch == "+")
        if phone and not (10 <= len(phone.lstrip("+")) <= 15):
            raise forms.ValidationError(_("Enter a phone number such as +7 701 234 56 78."))
        return phone

    def clean_email(self):
        email = self.cleaned_data["email"]
        if not email:
            raise forms.ValidationError(_("An e-mail is needed to reset your password and receive letters."))
        return email


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Up to five PDF, JPEG or PNG files of at most 10 MB each, checked by content."""

    widget = MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"})

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Up to 5 files: PDF, JPEG or PNG, at most 10 MB each."))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        from .files import MAX_DOCUMENTS, validate_document

        files = data if isinstance(data, list | tuple) else [data] if data else []
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_DOCUMENTS:
            raise forms.ValidationError(_("Attach at most 5 files."))
        checked = []
        for upload in files:
            super().clean(upload, initial)
            checked.append((upload, validate_document(upload)))
        return checked


class SecondFactorCodeForm(forms.Form):
    """A code at the second-factor step: six digits from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "spellcheck": "false"}
        ),
    )


class SecondFactorSetUpForm(forms.Form):
    """The first code the newly added app shows, to prove it holds the secret."""

    code = forms.CharField(
        label=_("The 6-digit code the app shows now"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]{6,7}", "autofocus": True}
        ),
    )
