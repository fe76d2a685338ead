"""For tests: sign a test client in as fund staff with the second factor passed, or with the password only, and the
code an authenticator app would show now."""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import second_factor

_force_login = Client.force_login  # Django's own, kept before tests/conftest.py wraps it


def app_code(device: TOTPDevice) -> str:
    """The code the app shows now, or the next one if the device has already taken this one (within tolerance)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.time = device.t0 + (device.last_t + 1 - device.drift) * device.step
    return f"{totp.token():0{device.digits}d}"


def staff_app(user) -> TOTPDevice:
    """The staff member's confirmed authenticator app, made if they have none."""
    device = second_factor.app_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=second_factor.APP_DEVICE_NAME, confirmed=True)
    return device


def pass_second_factor(client: Client, user) -> TOTPDevice:
    """Mark the client's session as having passed the second factor with the user's app (made if missing)."""
    device = staff_app(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def password_only_login(client: Client, user) -> None:
    """Signed in, the second factor not passed: as right after the password."""
    _force_login(client, user)


def force_login_passing_second_factor(client: Client, user, backend=None) -> None:
    """Client.force_login in tests (the root conftest installs it): a staff account's session has also passed the
    second factor, as after a real sign-in. Tests of the step itself use `password_only_login` or the login form."""
    _force_login(client, user, backend)
    if second_factor.required(user):
        pass_second_factor(client, user)
