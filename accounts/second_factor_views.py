"""The second-factor pages of fund staff, in the admin (accounts.admin_site wires them under /admin/second-factor/).

verify: after the password, a code from the app or a recovery code. set_up: a new app (QR code and the secret in
text), confirmed by its first code, for an account with no factor or a session that has passed it. codes: the new
recovery codes, shown once, with a text file to download. manage: what is set up, new recovery codes, a new app.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from . import second_factor
from .forms import SecondFactorCodeForm, SecondFactorSetUpForm

CODES_SESSION_KEY = "second_factor_new_codes"  # the new recovery codes, until the person says they are saved


def _next(request) -> str:
    """Where to go once done: the `next` asked for, if it is on this site, else the admin's index."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("admin:index")


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _context(request, site, title: str, **extra) -> dict:
    return {**site.each_context(request), "title": title, "subtitle": None, "next": _next(request), **extra}


def _staff_step(view):
    """Signed-in accounts that need a second factor only; others go to sign in, or to their own pages."""

    @wraps(view)
    def wrapped(request, site, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('admin:login')}?{urlencode({'next': request.get_full_path()})}")
        if not second_factor.required(request.user):
            return redirect(resolve_url(settings.LOGIN_REDIRECT_URL))
        return view(request, site, *args, **kwargs)

    return never_cache(wrapped)


def _passed_only(view):
    @wraps(view)
    def wrapped(request, site, *args, **kwargs):
        if not second_factor.passed(request.user):
            return redirect(second_factor.step_url(request.get_full_path()))
        return view(request, site, *args, **kwargs)

    return _staff_step(wrapped)


def _wait_message(until) -> str:
    return _("Too many wrong codes in a row: the next code is taken after %(time)s.") % {
        "time": time_format(timezone.localtime(until), "H:i:s")
    }


@require_http_methods(["GET", "POST"])
@_staff_step
def verify(request, site):
    if second_factor.passed(request.user):
        return redirect(_next(request))
    if not second_factor.has_factor(request.user):
        return redirect(_with_next("admin:second_factor_set_up", _next(request)))
    form = SecondFactorCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        check = second_factor.check_code(request, form.cleaned_data["code"])
        if check.ok:
            if isinstance(check.device, StaticDevice):
                left = second_factor.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code, which now no longer works: %(count)d is left. "
                        "If you lost your phone, set up a new authenticator app under “Second factor”.",
                        "You signed in with a recovery code, which now no longer works: %(count)d are left. "
                        "If you lost your phone, set up a new authenticator app under “Second factor”.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(_next(request))
        if check.malformed:
            form.add_error("code", _("Enter the 6 digits from your authenticator app, or a recovery code."))
        elif check.wait_until is not None:
            form.add_error("code", _wait_message(check.wait_until))
            status = 429
        else:
            form.add_error(
                "code",
                _(
                    "This code is not right, or it has been used already. Type the code the app shows now; if "
                    "codes keep failing, check that your phone's clock is right."
                ),
            )
    context = _context(request, site, _("Second factor"), form=form)
    return render(request, "admin/second_factor/verify.html", context, status=status)


@require_http_methods(["GET", "POST"])
@_staff_step
def set_up(request, site):
    if not second_factor.may_set_up(request):
        return redirect(second_factor.step_url(_next(request)))
    device = second_factor.pending_app(request.user)
    form = SecondFactorSetUpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        until = second_factor.wait_until(device)
        codes = None if until else second_factor.confirm_app(request, device, form.cleaned_data["code"])
        if codes is not None:
            request.session[CODES_SESSION_KEY] = codes
            messages.success(request, _("Your authenticator app is set up."))
            return redirect(_with_next("admin:second_factor_codes", _next(request)))
        if until is not None:
            form.add_error("code", _wait_message(until))
            status = 429
        else:
            form.add_error(
                "code",
                _("This code is not right. Type the 6 digits the app shows for Saqtandyru now, before they change."),
            )
    context = _context(
        request,
        site,
        _("Set up your second factor"),
        form=form,
        qr=mark_safe(second_factor.qr_svg(device.config_url)),  # noqa: S308 - SVG made here from our own text
        secret=second_factor.secret_text(device),
        replacing=second_factor.has_factor(request.user),
    )
    return render(request, "admin/second_factor/set_up.html", context, status=status)


@require_http_methods(["GET", "POST"])
@_passed_only
def codes(request, site):
    new_codes = request.session.get(CODES_SESSION_KEY)
    if not new_codes:
        return redirect("admin:second_factor")
    if request.method == "POST":
        del request.session[CODES_SESSION_KEY]
        return redirect(_next(request))
    context = _context(request, site, _("Your recovery codes"), codes=new_codes)
    return render(request, "admin/second_factor/codes.html", context)


@require_http_methods(["GET"])
@_passed_only
def codes_download(request, site):
    new_codes = request.session.get(CODES_SESSION_KEY)
    if not new_codes:
        raise Http404
    lines = [
        _("Saqtandyru: recovery codes for %(username)s") % {"username": request.user.get_username()},
        _("Each code signs you in once, instead of a code from the app. Keep them where others cannot read them."),
        "",
        *new_codes,
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="saqtandyru-recovery-codes.txt"'
    return response


@require_http_methods(["GET", "POST"])
@_passed_only
def manage(request, site):
    if request.method == "POST" and request.POST.get("action") == "new_codes":
        request.session[CODES_SESSION_KEY] = second_factor.renew_recovery_codes(request)
        return redirect("admin:second_factor_codes")
    context = _context(
        request,
        site,
        _("Second factor"),
        app=second_factor.app_device(request.user),
        codes_left=second_factor.recovery_codes_left(request.user),
    )
    return render(request, "admin/second_factor/manage.html", context)
