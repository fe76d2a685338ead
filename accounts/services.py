"""Writes for people and accounts."""

from __future__ import annotations

from django.db import transaction

from .models import Person, User


def _same_name(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(s.casefold().replace("ё", "е").split())

    return norm(a) == norm(b)


class SignUpRefused(Exception):
    """The sign-up cannot go ahead; `code` says why (the form turns it into a translated message)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@transaction.atomic
def citizen_register(
    *,
    iin: str,
    last_name: str,
    first_name: str,
    middle_name: str = "",
    email: str,
    password: str,
    language: str = "kk",
) -> User:
    """Create a citizen account for an IIN, linking it to the person registry.

    A person the fund already knows (from a register) keeps their record, and the names given
    must match it; an unknown IIN creates the person. One account per IIN.
    """
    if User.objects.filter(username=iin).exists() or User.objects.filter(person_id=iin).exists():
        raise SignUpRefused("iin_taken")
    person = Person.objects.select_for_update().filter(iin=iin).first()
    if person is None:
        person = Person.from_iin(iin, last_name=last_name, first_name=first_name, middle_name=middle_name)
        person.save()
    elif person.last_name and not (
        _same_name(person.last_name, last_name) and _same_name(person.first_name, first_name)
    ):
        raise SignUpRefused("name_mismatch")
    elif not person.last_name:
        person.last_name, person.first_name, person.middle_name = last_name, first_name, middle_name
        person.save(update_fields=["last_name", "first_name", "middle_name", "updated_at"])
    user = User(username=iin, person=person, email=email, first_name=first_name, last_name=last_name, language=language)
    user.set_password(password)
    user.save()
    return user
