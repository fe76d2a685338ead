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


# --- staff opening personal data in the admin ---------------------------------------------------------------


def looks_like_iin(text: str) -> bool:
    text = (text or "").strip()
    return len(text) == 12 and text.isdigit()


class RecordsOnlyAdminMixin:
    """For a ModelAdmin of records the portal writes (the access log, front-desk look-ups): staff read them;
    nobody, superusers included, adds, changes or deletes one in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdminMixin:
    """For a ModelAdmin of personal data: every list, object and history page a staff member opens is written to
    the access log, as "<app>.<model>.list|view|change|history", with whose data it was (`audit_subject`).

    Put it first among the bases, before admin.ModelAdmin. Only pages actually served are recorded: a refusal
    (403, a redirect to sign in) is not an access.
    """

    def audit_subject(self, obj) -> str:
        """The IIN of the person whose data `obj` is ("" when it is nobody's in particular)."""
        return ""

    def _audit_action(self, what: str) -> str:
        return f"{self.model._meta.app_label}.{self.model._meta.model_name}.{what}"

    def _audit_object(self, request, object_id, what: str) -> None:
        from django.contrib.admin.utils import unquote

        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return
        record(
            actor=request.user,
            action=self._audit_action(what),
            subject_iin=self.audit_subject(obj) or "",
            obj=f"{self.model._meta.label_lower} {obj.pk}",
            request=request,
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            search = request.GET.get("q", "").strip()
            record(
                actor=request.user,
                action=self._audit_action("list"),
                subject_iin=search if looks_like_iin(search) else "",
                obj=f"{self.model._meta.label_lower} list: {request.GET.urlencode() or 'all'}",
                request=request,
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200 or (request.method == "POST" and response.status_code == 302):
            self._audit_object(request, object_id, "change" if request.method == "POST" else "view")
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            self._audit_object(request, object_id, "history")
        return response
