from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import lockout, throttle
from .forms import ContactForm, SignInForm, SignUpForm

# Sign-up answers "an account exists" and "the name does not match": limited per client address and per IIN, so
# that it cannot be used to sweep who is registered or to guess names. Password-reset letters likewise.
SIGNUP_LIMITS = [("signup-client-hour", 10, 3_600), ("signup-net-hour", 50, 3_600)]
SIGNUP_IIN_LIMIT = ("signup-iin-hour", 5, 3_600)
RESET_LIMITS = [("reset-client-hour", 5, 3_600), ("reset-net-hour", 30, 3_600)]
RESET_EMAIL_LIMIT = ("reset-email-hour", 3, 3_600)


def _allowed(request, client_limits, item_limit, item: str) -> bool:
    client = throttle.client_address(request)
    idents = [client, throttle.network_of(client)]
    checks = [(scope, ident, n, s) for (scope, n, s), ident in zip(client_limits, idents, strict=True)]
    scope, n, s = item_limit
    return throttle.allow_all([*checks, (scope, item.strip().lower(), n, s)])


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:cabinet")
    form = SignUpForm(request.POST or None, language=get_language() or "kk")
    if request.method == "POST" and not _allowed(request, SIGNUP_LIMITS, SIGNUP_IIN_LIMIT, request.POST.get("iin", "")):
        form.add_error(None, _("Too many attempts to create an account. Please try again in an hour, or call 1414."))
        return render(request, "accounts/signup.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid() and form.save():
        login(request, form.user)
        messages.success(request, _("Welcome! Your account is open; confirm your identity to see your data."))
        return redirect("accounts:cabinet")
    return render(request, "accounts/signup.html", {"form": form})


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # Staff of a medical organisation (providers app) start at the front desk, citizens in their cabinet.
        if hasattr(self.request.user, "provider_account"):
            return resolve_url("providers:front_desk")
        return super().get_default_redirect_url()


@login_required
def cabinet(request):
    return render(request, "accounts/cabinet.html", {"person": request.user.person})


@login_required
@require_http_methods(["GET", "POST"])
def contacts(request):
    form = ContactForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your contact details are saved."))
        return redirect("accounts:cabinet")
    return render(request, "accounts/contacts.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, with letters limited per client address and per e-mail (the answer stays the same)."""

    def form_valid(self, form):
        if not _allowed(self.request, RESET_LIMITS, RESET_EMAIL_LIMIT, form.cleaned_data["email"]):
            form.add_error(None, _("Too many reset requests. Please try again in an hour, or call 1414."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


password_reset = PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password through the e-mailed link also lifts a sign-in pause on the account."""

    def form_valid(self, form):
        response = super().form_valid(form)
        lockout.unlock(self.user.get_username())
        return response


password_reset_confirm = PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html", success_url=reverse_lazy("accounts:password_reset_complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
