"""Fund staff's second factor: an authenticator app (TOTP) and one-time recovery codes, kept by django-otp.

Who: every staff account (`is_staff`) and every superuser. Citizens and medical organisations' front-desk
accounts never meet it. A staff member's session counts as signed in only once a code from the app or a recovery
code has been accepted in it (`passed`); until then `SecondFactorMiddleware` lets it do nothing but pass the
step, set the factor up (only an account that has none, or a session that has passed), or sign out.

The devices are django-otp's: `TOTPDevice` (confirmed once the first code is right) and `StaticDevice`, whose
`StaticToken` rows are the recovery codes, each deleted when used. Both throttle wrong codes (ThrottlingMixin:
each wrong code in a row doubles the wait, OTP_*_THROTTLE_FACTOR in the settings). Codes are checked with the
device's row locked, so two requests cannot use one recovery code twice or slip past the throttle together.

See docs/decisions/0017-staff-second-factor.md.
"""

from __future__ import annotations

import re
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

import django_otp
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
APP_DEVICE_NAME = "authenticator app"
RECOVERY_DEVICE_NAME = "recovery codes"

# Access-log actions (accounts.audit): a staff account's second factor, by the person or by an administrator.
ENROLLED = "accounts.user.second_factor_enrolled"
RECOVERY_USED = "accounts.user.recovery_code_used"
RECOVERY_RENEWED = "accounts.user.recovery_codes_renewed"
RESET = "accounts.user.second_factor_reset"

_APP_CODE = re.compile(r"[0-9]{6}")
_RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")  # StaticToken.random_token(): base32 of 5 random bytes


def required(user) -> bool:
    """Whether this account must pass a second factor: fund staff and superusers, never citizens."""
    return bool(user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


def passed(user) -> bool:
    """Whether this request's session has passed the second factor (django_otp's OTPMiddleware tells)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(user.is_authenticated and is_verified is not None and is_verified())


def app_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def has_factor(user) -> bool:
    """Whether the account has set a second factor up (an app, or recovery codes left from one)."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()
    )


def may_set_up(request) -> bool:
    """Setting up a new app needs no code only for an account that has no factor yet; else a passed session."""
    return passed(request.user) or not has_factor(request.user)


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- setting the factor up ---------------------------------------------------------------------------------------


def pending_app(user) -> TOTPDevice:
    """The app being set up: the same secret on every visit until a code from it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it when typed (base32), in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(text: str) -> str:
    """A QR code of `text` as inline SVG markup (no script, no style attribute, nothing fetched)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2, box_size=8)
    return image.to_string(encoding="unicode")


def replace_recovery_codes(user) -> list[str]:
    """A new set of recovery codes for the account; the old set stops working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    device.throttle_reset(commit=False)
    device.confirmed = True
    device.save()
    codes = []
    while len(codes) < RECOVERY_CODES:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@dataclass(frozen=True)
class Check:
    """What became of a code: the device that took it, or why not."""

    device: object | None = None
    malformed: bool = False
    wait_until: datetime | None = None  # throttled: no code is taken before then

    @property
    def ok(self) -> bool:
        return self.device is not None


def wait_until(device) -> datetime | None:
    allowed, data = device.verify_is_allowed()
    if allowed or not data or data.get("reason") != VerifyNotAllowed.N_FAILED_ATTEMPTS:
        return None
    return data.get("locked_until")


def _verify_locked(queryset, code: str) -> Check:
    """Verify `code` against the first device of `queryset`, its row locked for the check and the throttle."""
    with transaction.atomic():
        device = queryset.select_for_update().order_by("-pk").first()
        if device is None:
            return Check()
        until = wait_until(device)
        if until is not None:
            return Check(wait_until=until)
        if device.verify_token(code):
            return Check(device=device)
        return Check()


def normalised(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def confirm_app(request, device: TOTPDevice, code: str) -> list[str] | None:
    """The first code from the app being set up: if right, the app replaces any earlier one, the account gets new
    recovery codes (returned, to be shown once) and this session has passed. None if the code is wrong."""
    user = request.user
    code = normalised(code)
    if not _APP_CODE.fullmatch(code):
        return None
    with transaction.atomic():
        check = _verify_locked(TOTPDevice.objects.filter(pk=device.pk, user=user, confirmed=False), code)
        if not check.ok:
            return None
        confirmed = check.device
        confirmed.confirmed = True
        confirmed.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=confirmed.pk).delete()
        codes = replace_recovery_codes(user)
    django_otp.login(request, confirmed)
    _record(request, user, ENROLLED, "")
    return codes


def check_code(request, code: str) -> Check:
    """A code typed at the step: six digits go to the app, eight characters to the recovery codes."""
    user = request.user
    code = normalised(code)
    if _APP_CODE.fullmatch(code):
        check = _verify_locked(TOTPDevice.objects.filter(user=user, confirmed=True), code)
    elif _RECOVERY_CODE.fullmatch(code):
        check = _verify_locked(StaticDevice.objects.filter(user=user, confirmed=True), code)
    else:
        return Check(malformed=True)
    if check.ok:
        django_otp.login(request, check.device)
        if isinstance(check.device, StaticDevice):
            _record(request, user, RECOVERY_USED, f"{recovery_codes_left(user)} left")
    return check


def renew_recovery_codes(request) -> list[str]:
    codes = replace_recovery_codes(request.user)
    _record(request, request.user, RECOVERY_RENEWED, "")
    return codes


def reset(user, *, by, request=None) -> bool:
    """An administrator's reset: the account's app and recovery codes are deleted, so the person sets the factor up
    again at the next sign-in, and any session of theirs that had passed it no longer counts. Never one's own."""
    if by.pk == user.pk:
        raise PermissionError("nobody resets their own second factor")
    with transaction.atomic():
        deleted, _detail = TOTPDevice.objects.filter(user=user).delete()
        deleted_static, _detail = StaticDevice.objects.filter(user=user).delete()
        _record(request, by, RESET, "", whose=user)
    return bool(deleted or deleted_static)


def _record(request, actor, action: str, reason: str, *, whose=None) -> None:
    from .audit import record

    whose = whose or actor
    obj = f"accounts.user {whose.pk} {whose.get_username()}"
    record(actor=actor, action=action, obj=obj, reason=reason, request=request)


# --- the door ------------------------------------------------------------------------------------------------------

# What a staff session that has not passed the second factor may still open (URL names).
OPEN_BEFORE_PASSING = frozenset(
    {"admin:second_factor_verify", "admin:second_factor_set_up", "admin:logout", "accounts:logout"}
)


def step_url(next_url: str = "") -> str:
    url = reverse("admin:second_factor_verify")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class SecondFactorMiddleware:
    """Staff signed in with a password only are sent to the second-factor step, wherever they go; the API answers
    them 403 `second_factor_required`. Citizens' requests pass untouched. Install after OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        session = getattr(request, "session", None)
        if session is None or not session.get(SESSION_KEY):
            return None  # nobody signed in: the user is not even read
        user = getattr(request, "user", None)
        if user is None or not required(user) or passed(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_PASSING:
            return None
        from plumbing.api import error_response, is_api

        if is_api(request):
            from django.utils.translation import gettext as _

            return error_response(
                "second_factor_required",
                _("Fund staff must pass the second factor in the admin before using this."),
                403,
            )
        next_url = request.get_full_path() if request.method == "GET" else ""
        return HttpResponseRedirect(step_url(next_url))
