"""Writes for the front desk: a status look-up (stored, audited, limited), provider accounts and switches."""

from __future__ import annotations

import secrets

from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.models import User
from coverage.models import MedicalOrganisation

from . import limits, selectors
from .answers import Answer
from .models import Channel, ProviderAccount, ProviderLookup, ProviderOrganisation

# Access-log action codes (accounts.audit)
LOOKUP = "provider.status_lookup"
LOOKUP_REFUSED = "provider.status_lookup_refused"
EXPORT = "provider.lookups_export"


class LookupRefused(Exception):
    """The organisation has used up its look-ups for the minute or the day."""

    def __init__(self, exceeded: limits.Exceeded):
        super().__init__(exceeded.window)
        self.exceeded = exceeded


def organisation_label(organisation: MedicalOrganisation) -> str:
    """How the access log names an organisation: BIN first, so that auditors can search by it."""
    return f"{organisation.bin} {organisation.name}"


def status_lookup(
    *, access: selectors.Access, user: User, iin: str, reason: str, channel: str = Channel.PAGE, request=None
) -> tuple[Answer, ProviderLookup]:
    """One look-up of a valid IIN by an allowed provider account: counted against the organisation's limits,
    answered, stored as a ProviderLookup and written to the access log in the same transaction.

    A look-up over the limit is refused with LookupRefused, and the refusal is written to the access log too
    (a sweep shows up there)."""
    if not access.allowed or access.account.user_id != user.pk:
        raise PermissionError("this user may not look patients up")
    organisation = access.organisation
    label = organisation_label(organisation)
    exceeded = limits.count_lookup(access.switch)
    if exceeded is not None:
        audit.record(
            actor=user,
            action=LOOKUP_REFUSED,
            subject_iin=iin,
            obj=f"insurance status ({channel}): over the limit per {exceeded.window}",
            reason=reason,
            organisation=label,
            request=request,
        )
        raise LookupRefused(exceeded)
    answer = selectors.front_desk_answer(iin, today=timezone.localdate())
    now = timezone.now()
    with transaction.atomic():
        lookup = ProviderLookup.objects.create(
            organisation=organisation,
            user=user,
            iin=iin,
            reason=reason,
            channel=channel,
            insured=answer.insured,
            at=now,
        )
        audit.record(
            actor=user,
            action=LOOKUP,
            subject_iin=iin,
            obj=f"insurance status ({channel})",
            reason=reason,
            organisation=label,
            request=request,
            at=now,
        )
    return answer, lookup


# --- accounts and switches (fund operators, in the admin) ---------------------------------------------------


class AccountRefused(Exception):
    """`code`: "staff" (fund staff cannot be provider accounts) or "taken" (already linked to an organisation)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def provider_user_get_or_create(*, iin: str, last_name: str, first_name: str, email: str) -> User:
    """The login for an employee's IIN: their existing account when there is one (one account per IIN), else a
    new one with a random password, to be chosen by the employee through the e-mailed link."""
    user = User.objects.filter(username=iin).first()
    if user is not None:
        if user.is_staff or user.is_superuser:
            raise AccountRefused("staff")
        if ProviderAccount.objects.filter(user=user).exists():
            raise AccountRefused("taken")
        return user
    user = User(username=iin, last_name=last_name, first_name=first_name, email=email)
    user.set_password(secrets.token_urlsafe(32))
    user.save()
    return user


def organisation_access_ensure(organisation: MedicalOrganisation) -> ProviderOrganisation:
    """The organisation's switch, created (on) when its first account is opened; an existing switch is kept."""
    switch, _ = ProviderOrganisation.objects.get_or_create(organisation=organisation)
    return switch


@transaction.atomic
def provider_account_open(
    *,
    iin: str,
    last_name: str,
    first_name: str,
    email: str,
    organisation: MedicalOrganisation,
    by: User | None = None,
    active: bool = True,
) -> ProviderAccount:
    user = provider_user_get_or_create(iin=iin, last_name=last_name, first_name=first_name, email=email)
    account = ProviderAccount.objects.create(user=user, organisation=organisation, active=active, created_by=by)
    organisation_access_ensure(organisation)
    return account


class _OneUserReset(PasswordResetForm):
    def __init__(self, user: User):
        super().__init__({"email": user.email})
        self.user = user

    def get_users(self, email):
        return [self.user] if self.user.email and self.user.is_active else []


def password_link_send(user: User, *, request) -> bool:
    """E-mail the employee a link to choose their password (the portal's password-reset letter)."""
    form = _OneUserReset(user)
    if not form.is_valid() or not form.get_users(user.email):
        return False
    form.save(
        request=request,
        use_https=request.is_secure(),
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
    )
    return True
