from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import ContactForm, SignInForm, SignUpForm


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:cabinet")
    form = SignUpForm(request.POST or None, language=get_language() or "kk")
    if request.method == "POST" and form.is_valid() and form.save():
        login(request, form.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is ready."))
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


password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html", success_url=reverse_lazy("accounts:password_reset_complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
