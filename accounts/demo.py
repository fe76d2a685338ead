"""Demo accounts for the embedded portal: one staff member per role and citizen logins.

Demo staff share one published authenticator secret (seed_demo runs only with DEBUG on), so a newcomer signs in to
the admin with any authenticator app, or with `manage.py demo_code`, which prints the code of the moment.
"""

from base64 import b32decode

from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles
from .models import Person, User
from .second_factor import APP_DEVICE_NAME

STAFF_PASSWORD = "Demo-staff-2026!"
STAFF_TOTP_SECRET = "SAQTANDYRUDEMOSTAFFSECONDFACTORX"  # base32, as an authenticator app takes it
CITIZEN_PASSWORD = "Demo-citizen-2026"
STAFF = [
    ("operator", "Dana", "Operator", roles.FUND_OPERATOR),
    ("officer", "Arman", "Officer", roles.APPEALS_OFFICER),
    ("editor", "Saule", "Editor", roles.CATALOGUE_EDITOR),
    ("auditor", "Nurlan", "Auditor", roles.AUDITOR),
]


def load_staff() -> list[User]:
    users = []
    for username, first, last, role in STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "is_staff": True, "email": f"{username}@fund.example.kz"},
        )
        if created:
            user.set_password(STAFF_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role))
        if not TOTPDevice.objects.filter(user=user).exists():
            TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, key=staff_totp_key(), confirmed=True)
        users.append(user)
    return users


def staff_totp_key() -> str:
    """The demo secret as django-otp keeps it (hex)."""
    return b32decode(STAFF_TOTP_SECRET).hex()


def load_citizen(person: Person, email: str) -> User:
    user, created = User.objects.get_or_create(
        username=person.iin,
        defaults={"person": person, "email": email, "first_name": person.first_name, "last_name": person.last_name},
    )
    if created:
        user.set_password(CITIZEN_PASSWORD)
        user.save(update_fields=["password"])
    return user
