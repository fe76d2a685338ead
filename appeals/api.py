"""The appeals JSON API: file an appeal, follow it with its access code, add a comment.

Errors have the portal's one shape (plumbing.api). An unknown number and a wrong access code get the same
404; a number with a wrong check digit gets 400 ``number_check``, so that a typo is told as a typo.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import audit, throttle
from accounts.choices import Region
from coverage.models import MedicalOrganisation
from plumbing.api import json_error
from plumbing.api_docs import choice_field

from . import access, numbers, selectors, services
from .forms import NUMBER_MESSAGES
from .models import Appeal
from .models.appeals import DESCRIPTION_MAX, STATE_CHOICES

FOLLOW_CLIENT_LIMIT = ("api-appeal-follow", 30, 60)
FOLLOW_NUMBER_LIMIT = ("api-appeal-number", 20, 3_600)
FILE_LIMIT = ("api-appeal-file", 20, 3_600)
API_CHANNELS = (Appeal.Channel.WEB, *Appeal.INTEGRATOR_CHANNELS)  # officers file the others in the admin

ACCESS_CODE = OpenApiParameter(
    "X-Access-Code",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="The appeal's access code (XXXXX-XXXXX). Not needed by the signed-in owner or by staff.",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.UUID,
    OpenApiParameter.HEADER,
    required=False,
    description="A UUID the client makes once per appeal. Sending the same request again with it files nothing "
    "new and answers 200 with the first appeal's number and access code.",
)
NUMBER = OpenApiParameter("number", OpenApiTypes.STR, OpenApiParameter.PATH, description="e.g. 26-000123-3")

ErrorSerializer = inline_serializer(
    "Error",
    {
        "error": inline_serializer(
            "ErrorBody",
            {
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "fields": serializers.DictField(required=False),
            },
        )
    },
)


class AppealCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Appeal.Kind.choices)
    region = serializers.ChoiceField(choices=Region.choices)
    organisation = serializers.CharField(
        required=False, allow_blank=True, max_length=12, help_text="BIN of a medical organisation from the directory"
    )
    organisation_name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=255,
        help_text="The organisation's name when it is not in the directory",
    )
    event_date = serializers.DateField()
    description = serializers.CharField(max_length=DESCRIPTION_MAX)
    name = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="Without an account")
    iin = serializers.CharField(required=False, allow_blank=True, max_length=12, help_text="Without an account")
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text="A Kazakhstan mobile, +7 7xx xxx xx xx (8 7xx… too)"
    )
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=5,
        help_text="multipart/form-data only: PDF, JPEG or PNG, 10 MB each",
    )
    channel = choice_field(
        [(c.value, c.label) for c in API_CHANNELS],
        component="AppealChannel",
        required=False,
        default=Appeal.Channel.WEB,
        help_text="How the appeal came in: `web` (the default). The fund's app and bot, signed in with an "
        "integrator's token (permission `appeals.integrate_appeal`), send `app` or `bot`; anyone else sending "
        "them gets 400 with `error.fields.channel` code `not_allowed`.",
    )

    def validate_channel(self, value: str) -> str:
        if value != Appeal.Channel.WEB and not self.context.get("integrator"):
            raise ValidationError(
                _("Only the fund's app and bot may file appeals by this channel."), code="not_allowed"
            )
        return value

    def validate_organisation(self, value: str):
        if not value:
            return None
        organisation = MedicalOrganisation.objects.filter(bin=value.strip(), active=True).first()
        if organisation is None:
            raise ValidationError(_("No medical organisation in the directory has this BIN."), code="unknown")
        return organisation


class FiledSerializer(serializers.Serializer):
    number = serializers.CharField()
    access_code = serializers.CharField(allow_null=True)
    state = serializers.ChoiceField(choices=STATE_CHOICES)
    registered_on = serializers.DateField()
    due_date = serializers.DateField()


class EventSerializer(serializers.Serializer):
    at = serializers.DateTimeField(source="created_at")
    kind = serializers.CharField()
    from_state = serializers.CharField(allow_blank=True)
    to_state = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)


class ReplySerializer(serializers.Serializer):
    at = serializers.DateTimeField(source="created_at")
    text = serializers.CharField()


class OrganisationSerializer(serializers.Serializer):
    bin = serializers.CharField()
    name = serializers.CharField()


class AppealSerializer(serializers.Serializer):
    number = serializers.CharField()
    kind = serializers.CharField()
    region = serializers.CharField()
    organisation = OrganisationSerializer(allow_null=True)
    organisation_name = serializers.CharField(allow_blank=True)
    event_date = serializers.DateField()
    state = serializers.ChoiceField(choices=STATE_CHOICES)
    state_label = serializers.CharField()
    registered_on = serializers.DateField()
    due_date = serializers.DateField(source="effective_due")
    extended_until = serializers.DateField(allow_null=True)
    extension_reason = serializers.CharField(allow_blank=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    satisfied = serializers.BooleanField(allow_null=True)
    reopened = serializers.BooleanField()
    open_for_comments = serializers.BooleanField(source="open_for_citizen")
    replies = ReplySerializer(many=True, source="replies.all")
    timeline = serializers.SerializerMethodField()

    @extend_schema_field(EventSerializer(many=True))
    def get_timeline(self, appeal) -> list[dict]:
        return EventSerializer(selectors.public_timeline(appeal), many=True).data


class CommentSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, max_length=DESCRIPTION_MAX)
    attachments = serializers.ListField(child=serializers.FileField(), required=False, max_length=5)


def _raise_fields(error: DjangoValidationError):
    raise ValidationError({field: [str(m) for m in messages] for field, messages in error.message_dict.items()})


def _refused(refusal: services.Refused) -> Response:
    return json_error(refusal.code, refusal.message, status.HTTP_409_CONFLICT)


def _not_found() -> Response:
    return json_error("not_found", _("No appeal matches this number and access code."), status.HTTP_404_NOT_FOUND)


def _appeal_for(request, number: str) -> Appeal | Response:
    """The appeal for its owner, staff, or whoever gives its access code; else an error response."""
    client = throttle.client_address(request)
    scope, limit, seconds = FOLLOW_CLIENT_LIMIT
    number_scope, number_limit, number_seconds = FOLLOW_NUMBER_LIMIT
    try:
        canonical = selectors.canonical_number(number)
    except numbers.InvalidNumber as error:
        throttle.allow(scope, client, limit=limit, seconds=seconds)
        return json_error(f"number_{error.code}", NUMBER_MESSAGES[error.code], status.HTTP_400_BAD_REQUEST)
    code = request.headers.get("X-Access-Code", "")
    number_check = (number_scope, canonical, number_limit, number_seconds)
    if code or not request.user.is_authenticated:  # a look-up by code: the web form's shared limits apply too
        checks = throttle.public_lookup_checks("appeal-follow", client, [(scope, limit, seconds)], number_check)
    else:  # the signed-in owner or staff: their own limits only
        checks = [(scope, client, limit, seconds), number_check]
    if not throttle.allow_all(checks):
        return json_error("throttled", _("Too many requests. Please wait and try again."), 429)
    if code:
        appeal = selectors.find_by_code(canonical, code)
    else:
        appeal = Appeal.objects.filter(number=canonical).first()
        if appeal is not None and not (
            selectors.is_owner(request.user, appeal) or selectors.is_staff_reader(request.user)
        ):
            appeal = None
        if appeal is not None and not selectors.is_owner(request.user, appeal):  # staff: to the access log
            audit.record(
                actor=request.user,
                action="appeals.appeal.view",
                subject_iin=appeal.person_id or appeal.filer_iin,
                obj=f"appeal {appeal.number} (API)",
                request=request,
            )
    return appeal if appeal is not None else _not_found()


class AppealList(APIView):
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        operation_id="appeals_create",
        summary="File an appeal",
        description="Signed in (token or session) a citizen files as themselves; without an account give name, IIN "
        "and an e-mail or a Kazakhstan mobile number. The access code is returned once and sent by e-mail and text "
        "message; it is never stored in clear. `channel` is `web` unless the fund's app or bot files (integrators).",
        parameters=[IDEMPOTENCY_KEY],
        request={"application/json": AppealCreateSerializer, "multipart/form-data": AppealCreateSerializer},
        responses={
            201: FiledSerializer,
            200: OpenApiResponse(FiledSerializer, description="The same Idempotency-Key again: the first appeal"),
            400: ErrorSerializer,
            409: ErrorSerializer,
            429: ErrorSerializer,
        },
        tags=["appeals"],
    )
    def post(self, request):
        integrator = request.user.is_authenticated and request.user.has_perm("appeals.integrate_appeal")
        data = AppealCreateSerializer(data=request.data, context={"integrator": integrator})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        token = ""
        if request.headers.get("Idempotency-Key"):
            token = access.api_token(request.headers["Idempotency-Key"]) or ""
            if not token:
                raise ValidationError({"Idempotency-Key": [_("The Idempotency-Key must be a UUID.")]})
        scope, limit, seconds = FILE_LIMIT
        if not throttle.allow(scope, throttle.client_address(request), limit=limit, seconds=seconds):
            return json_error("throttled", _("Too many appeals from your address in an hour."), 429)
        user = request.user if request.user.is_authenticated else None
        try:
            filed = services.appeal_submit(
                kind=values["kind"],
                region=values["region"],
                description=values["description"],
                event_date=values["event_date"],
                organisation=values.get("organisation"),
                organisation_name=values.get("organisation_name", ""),
                user=user,
                name=values.get("name", ""),
                iin=values.get("iin", ""),
                email=values.get("email", ""),
                phone=values.get("phone", ""),
                language=get_language() or "kk",
                attachments=values.get("attachments", []),
                token=token,
                channel=values["channel"],
            )
        except DjangoValidationError as error:
            _raise_fields(error)
        except services.Refused as refusal:
            return _refused(refusal)
        appeal = filed.appeal
        body = {
            "number": appeal.number,
            "access_code": filed.access_code,
            "state": appeal.state,
            "registered_on": appeal.registered_on,
            "due_date": appeal.due_date,
        }
        return Response(FiledSerializer(body).data, status=status.HTTP_201_CREATED if filed.created else 200)


class AppealDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="appeals_retrieve",
        summary="Follow an appeal",
        description="Give the access code in the X-Access-Code header (the signed-in owner and staff need none). "
        "An unknown number and a wrong code get the same 404.",
        parameters=[NUMBER, ACCESS_CODE],
        responses={200: AppealSerializer, 400: ErrorSerializer, 404: ErrorSerializer, 429: ErrorSerializer},
        tags=["appeals"],
    )
    def get(self, request, number):
        appeal = _appeal_for(request, number)
        if isinstance(appeal, Response):
            return appeal
        return Response(AppealSerializer(appeal).data)


class AppealComments(APIView):
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        operation_id="appeals_comments_create",
        summary="Add a comment or documents to an open appeal",
        parameters=[NUMBER, ACCESS_CODE],
        request={"application/json": CommentSerializer, "multipart/form-data": CommentSerializer},
        responses={
            201: EventSerializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
            429: ErrorSerializer,
        },
        tags=["appeals"],
    )
    def post(self, request, number):
        appeal = _appeal_for(request, number)
        if isinstance(appeal, Response):
            return appeal
        if not request.headers.get("X-Access-Code") and not selectors.is_owner(request.user, appeal):
            return _not_found()  # staff read without a code, but comments are the citizen's
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        by = request.user if request.user.is_authenticated else None
        try:
            event = services.appeal_comment(
                appeal=appeal,
                text=data.validated_data.get("text", ""),
                attachments=data.validated_data.get("attachments", []),
                by=by,
            )
        except DjangoValidationError as error:
            _raise_fields(error)
        except services.Refused as refusal:
            return _refused(refusal)
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)
