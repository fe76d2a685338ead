"""Demo accounts for the embedded portal: one staff member per role and citizen logins."""

from django.contrib.auth.models import Group

from . import roles
from .models import Person, User

STAFF_PASSWORD = "Demo-staff-2026!"
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
        users.append(user)
    return users


def load_citizen(person: Person, email: str) -> User:
    user, created = User.objects.get_or_create(
        username=person.iin,
        defaults={"person": person, "email": email, "first_name": person.first_name, "last_name": person.last_name},
    )
    if created:
        user.set_password(CITIZEN_PASSWORD)
        user.save(update_fields=["password"])
    return user
