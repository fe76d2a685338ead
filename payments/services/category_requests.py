"""Writes for citizens' requests for a preferential category: filed with documents, approved or refused by staff."""

from __future__ import annotations

import uuid
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.mail import send_to_user
from accounts.models import Person

from ..models import CategoryDocument, CategoryMembership, CategoryRequest
from .recompute import status_recompute


class DecisionRefused(Exception):
    """A decision that cannot be made (already decided, or a refusal without a reason)."""


@transaction.atomic
def category_request_submit(*, person: Person, category: str, start: date, note: str = "", documents=()):
    """File a citizen's request for a preferential category, with its checked documents."""
    request = CategoryRequest.objects.create(person=person, category_id=category, start=start, note=note)
    for upload, (content_type, extension) in documents:
        original = upload.name[:255]
        upload.name = f"{uuid.uuid4().hex}.{extension}"  # stored under a random name with the checked type
        CategoryDocument.objects.create(
            request=request, file=upload, name=original, content_type=content_type, size=upload.size
        )
    return request


def category_request_decide(*, request_id: int, approve: bool, by, reason: str = ""):
    """Approve (the category is recorded and the status recomputed) or refuse with a reason; the citizen is told."""
    with transaction.atomic():
        request = CategoryRequest.objects.select_for_update().select_related("person").get(pk=request_id)
        if request.state != CategoryRequest.State.SUBMITTED:
            raise DecisionRefused("already decided")
        if not approve and not reason.strip():
            raise DecisionRefused("a refusal needs a reason")
        request.state = CategoryRequest.State.APPROVED if approve else CategoryRequest.State.REFUSED
        request.refusal_reason = "" if approve else reason.strip()
        request.decided_by, request.decided_at = by, timezone.now()
        request.save()
        if approve:
            CategoryMembership.objects.update_or_create(
                person=request.person, category_id=request.category_id, start=request.start,
                defaults={"end": None, "source": f"request:{request.pk}"},
            )  # fmt: skip
            transaction.on_commit(lambda: status_recompute(iins=[request.person_id], trigger=f"request:{request.pk}"))
        transaction.on_commit(lambda: _tell_citizen(request))
    return request


def _tell_citizen(request) -> None:
    account = getattr(request.person, "account", None)
    send_to_user(account, "payments/email/category_decision", {"request": request, "user": account})
