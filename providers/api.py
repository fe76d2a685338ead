"""GET /api/v1/provider/status/{iin}?reason=visit: the front-desk answer for a medical organisation's system.

Token or session authentication; provider accounts only. The answer has the page's shape; errors have the
API's one shape (plumbing.api) with stable codes.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.validators import validate_iin
from plumbing.api import json_error
from plumbing.api_docs import ApiErrorSerializer, choice_field

from . import selectors, services, texts
from .answers import BASE_LIMITED, BASE_ONLY, FULL, INSURANCE_ONLY, NONE
from .models import Channel, Reason

NO_STORE = {"Cache-Control": "no-store"}
log = logging.getLogger(__name__)


class ProviderPackageSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="tmkkk, osms, unified_base, unified_insurance")
    version = serializers.CharField()
    name = serializers.CharField(help_text="In the language of Accept-Language.")
    part = choice_field(["tmkkk", "osms"], help_text="tmkkk: GOBMP or the base part; osms: OSMS or the insurance part.")
    applies = serializers.BooleanField()
    limited = serializers.BooleanField(help_text="Only diseases dangerous to others (the patient's residency).")


class ProviderReasonSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="no_payments, gap, incomplete, underpaid, lump_sum, vacation_lump, …")
    months = serializers.ListField(child=serializers.CharField(help_text="YYYY-MM"))


class ProviderLookupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = choice_field(Reason.choices)
    at = serializers.DateTimeField()


class ProviderStatusSerializer(serializers.Serializer):
    iin = serializers.CharField()
    on = serializers.DateField()
    in_registry = serializers.BooleanField(help_text="False: no record in the register (not insured, no record).")
    initials = serializers.CharField(help_text='"А. Қ.", never the name; empty without a record.')
    insured = serializers.BooleanField()
    basis = choice_field(["exempt", "past_twelve", "prepaid", "retention"], allow_null=True)
    basis_label = serializers.CharField(allow_null=True)
    lapse_date = serializers.DateField(allow_null=True)
    cover = choice_field([FULL, BASE_ONLY, BASE_LIMITED, INSURANCE_ONLY, NONE], help_text="What applies today.")
    cover_label = serializers.CharField()
    packages = ProviderPackageSerializer(many=True)
    reasons = ProviderReasonSerializer(many=True)
    reason_line = serializers.CharField(allow_null=True, help_text="Why not insured, in one line.")
    lookup = ProviderLookupSerializer()


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ApiErrorSerializer, description=description)


class ProviderStatus(APIView):
    permission_classes = [IsAuthenticated]

    def finalize_response(self, request, response, *args, **kwargs):
        """Django logs every 4xx with the request's path, and this path holds the patient's IIN: log the outcome
        without the path instead, and tell Django the response is logged already."""
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400:
            data = getattr(response, "data", None)
            code = data.get("error", {}).get("code", "") if isinstance(data, dict) else ""
            log.warning("provider status look-up refused: %s %s", response.status_code, code)
            response._has_been_logged = True
        return response

    @extend_schema(
        operation_id="provider_status",
        summary="A patient's insurance status at the front desk",
        description=(
            "For staff of a medical organisation with a provider account. Every call is stored and written to the "
            "access log, and the patient sees it; calls count against the organisation's limits per minute and per "
            "day. Error codes: invalid_iin, reason_required, invalid_reason (400); not_authenticated (401); "
            "not_a_provider, account_disabled, organisation_disabled (403); rate_limited (429, with retry_after)."
        ),
        tags=["provider"],
        parameters=[
            OpenApiParameter("iin", str, OpenApiParameter.PATH, description="the patient's 12-digit IIN"),
            OpenApiParameter("reason", str, OpenApiParameter.QUERY, required=True, enum=Reason.values),
        ],
        responses={
            200: ProviderStatusSerializer,
            400: _error("`invalid_iin`, `reason_required` or `invalid_reason`."),
            401: _error("Not signed in, or the token is wrong (`not_authenticated`, `authentication_failed`)."),
            403: _error("`not_a_provider`, `account_disabled` or `organisation_disabled`."),
            429: _error(
                "`rate_limited`: the organisation's look-ups per minute or per day are used up; see `retry_after`."
            ),
        },
        examples=[
            OpenApiExample(
                "Not insured",
                response_only=True,
                value={
                    "iin": "900101400012",
                    "on": "2025-05-10",
                    "in_registry": True,
                    "initials": "А. Қ.",
                    "insured": False,
                    "basis": None,
                    "basis_label": None,
                    "lapse_date": None,
                    "cover": BASE_ONLY,
                    "cover_label": "GOBMP only",
                    "packages": [],
                    "reasons": [{"code": "gap", "months": ["2025-02", "2025-03"]}],
                    "reason_line": "no contributions for 2025-02 and 2025-03",
                    "lookup": {"id": 1, "reason": "visit", "at": "2025-05-10T09:30:00+05:00"},
                },
            )
        ],
    )
    def get(self, request, iin: str):
        access = selectors.provider_access(request.user)
        if not access.allowed:
            code = "not_a_provider" if access.state == selectors.NOT_PROVIDER else access.state
            return json_error(code, texts.refusal(access.state), status.HTTP_403_FORBIDDEN)
        try:
            iin = validate_iin(iin)
        except ValidationError as error:
            return json_error("invalid_iin", error.messages[0], status.HTTP_400_BAD_REQUEST)
        reason = request.query_params.get("reason", "").strip()
        if not reason:
            message = _("Give the reason for the look-up (reason=…).")
            return json_error("reason_required", message, status.HTTP_400_BAD_REQUEST, reasons=Reason.values)
        if reason not in Reason.values:
            message = _("This reason is not on the list.")
            return json_error("invalid_reason", message, status.HTTP_400_BAD_REQUEST, reasons=Reason.values)
        try:
            answer, lookup = services.status_lookup(
                access=access, user=request.user, iin=iin, reason=reason, channel=Channel.API, request=request
            )
        except services.LookupRefused as refused:
            exceeded = refused.exceeded
            response = json_error(
                "rate_limited",
                texts.limit_exceeded(exceeded),
                status.HTTP_429_TOO_MANY_REQUESTS,
                retry_after=exceeded.retry_after,
                window=exceeded.window,
            )
            response["Retry-After"] = str(exceeded.retry_after)
            return response
        body = answer.as_dict()
        body["lookup"] = {"id": lookup.pk, "reason": lookup.reason, "at": timezone.localtime(lookup.at).isoformat()}
        return Response(body, headers=NO_STORE)
