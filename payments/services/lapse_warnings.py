"""Lapse warnings: an e-mail to each insured citizen whose status lapses within a week, once per lapse date."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.mail import send_to_user

from .. import status
from ..models import PersonStatus
from ..rules import add_months

WARN_DAYS_AHEAD = 7


def lapse_warnings_send(*, today: date | None = None) -> int:
    """E-mail insured citizens whose status lapses within a week: once per lapse date. Returns how many."""
    today = today or timezone.localdate()
    due = (
        PersonStatus.objects.filter(
            insured=True, lapse_date__gte=today, lapse_date__lte=today + timedelta(days=WARN_DAYS_AHEAD)
        )
        .filter(Q(lapse_warned_for__isnull=True) | ~Q(lapse_warned_for=F("lapse_date")))
        .exclude(basis="exempt")
        .select_related("person__account")
    )
    sent = 0
    for item in due.iterator(chunk_size=500):
        account = getattr(item.person, "account", None)
        month = add_months(status.month_from_label(item.covered_through), 1) if item.covered_through else None
        with transaction.atomic():
            # Claim the warning with one conditional UPDATE: a concurrent run finds nothing left to claim.
            claimed = (
                PersonStatus.objects.filter(pk=item.pk, lapse_date=item.lapse_date)
                .exclude(lapse_warned_for=F("lapse_date"))
                .update(lapse_warned_for=F("lapse_date"))
            )
            context = {"user": account, "status": item, "month": month}
            if claimed and send_to_user(account, "payments/email/lapse_warning", context):
                sent += 1
    return sent
