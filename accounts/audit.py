"""The access log: who looked at whose personal data, what, why, from where and when.

Every app writes through `record(...)`; rows are never changed or deleted (AccessRecord refuses it, and the
admin is read-only for everyone). Personal data goes into this table only, never into application logs.

Action codes are "<app>.<what>", e.g. "provider.status_lookup"; each app keeps its own constants.
"""

from __future__ import annotations

from django.utils import timezone

from .models import AccessRecord, User
from .throttle import client_address

FIELD_LIMITS = {"actor_organisation": 300, "object": 300, "reason": 300, "action": 64}


def _clip(value: str, field: str) -> str:
    return (value or "")[: FIELD_LIMITS[field]]


def record(
    *,
    actor: User | None,
    action: str,
    subject_iin: str = "",
    obj: str = "",
    reason: str = "",
    organisation: str = "",
    request=None,
    at=None,
) -> AccessRecord:
    """Append one row to the access log and return it.

    `actor` is the signed-in user (None for the system itself); `organisation` the label of the organisation
    they act for, if any; `obj` says what was opened or exported; `request` gives the client address.
    """
    if not action:
        raise ValueError("an access record needs an action code")
    actor = actor if actor is not None and actor.is_authenticated else None
    return AccessRecord.objects.create(
        actor=actor,
        actor_organisation=_clip(organisation, "actor_organisation"),
        subject_iin=(subject_iin or "")[:12],
        action=_clip(action, "action"),
        object=_clip(obj, "object"),
        reason=_clip(reason, "reason"),
        client_address=client_address(request)[:64] if request is not None else "",
        at=at or timezone.now(),
    )
