"""Writes for people and accounts."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import Person, User


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
    email: str,
    password: str,
    language: str = "kk",
) -> User:
    """Create a citizen account for an IIN, not yet linked to the person (decision 0019).

    An IIN and a name are public facts, so the account shows nothing personal until staff have checked the
    holder's identity document (identity_confirm). Nothing is read from or written to the person registry here,
    so signing up tells a stranger nothing about the IIN either. One account per IIN.
    """
    if User.objects.filter(username=iin).exists() or User.objects.filter(person_id=iin).exists():
        raise SignUpRefused("iin_taken")
    user = User(
        username=iin,
        email=email,
        first_name=first_name,
        last_name=last_name,
        language=language,
    )
    user.set_password(password)
    user.save()
    return user


class IdentityNotConfirmed(Exception):
    """The account cannot be linked to its person; `code` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@transaction.atomic
def identity_confirm(user: User, *, by: User, request=None) -> User:
    """Link a citizen's account to their person after staff have checked the holder's identity document.

    The person the fund already knows keeps their record (their names fill in only what is empty); an IIN the
    fund has not met yet becomes a person with the names from the account. Recorded in the access log.
    """
    from . import audit

    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_staff or not user.awaits_confirmation:
        raise IdentityNotConfirmed("not_waiting")
    if by.pk == user.pk:
        raise IdentityNotConfirmed("own_account")
    iin = user.username
    person = Person.objects.select_for_update().filter(iin=iin).first()
    if person is None:
        person = Person.from_iin(iin, last_name=user.last_name, first_name=user.first_name)
        person.save()
    elif not person.last_name:
        person.last_name, person.first_name = user.last_name, user.first_name
        person.save(update_fields=["last_name", "first_name", "updated_at"])
    user.person = person
    user.identity_confirmed_at = timezone.now()
    user.identity_confirmed_by = by
    user.save(update_fields=["person", "identity_confirmed_at", "identity_confirmed_by"])
    audit.record(actor=by, action="identity_confirmed", subject_iin=iin, obj=f"user {user.pk}", request=request)
    return user
