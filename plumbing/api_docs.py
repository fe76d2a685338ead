"""Schema pieces the API's apps share: the one error body (see plumbing.api) and the error responses to document.

An endpoint lists the errors it can answer with ``errors(400, 401, 429)``; each is the same body::

    {"error": {"code": "...", "message": "...", "fields": {"<field>": [{"code": "...", "message": "..."}]}}}

Texts here are for developers reading the schema, in English; the messages in the bodies follow Accept-Language.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers


class ApiFieldErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable code of this field's problem, e.g. `required`, `invalid`.")
    message = serializers.CharField(help_text="The problem in words, in the request's language.")


class ApiErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable code: clients switch on it (e.g. `invalid`, `not_found`).")
    message = serializers.CharField(help_text="What went wrong, in the language of Accept-Language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=ApiFieldErrorSerializer()),
        required=False,
        help_text="Only for invalid input: each field's problems.",
    )
    retry_after = serializers.IntegerField(required=False, help_text="Only when throttled: seconds to wait.")


class ApiErrorSerializer(serializers.Serializer):
    error = ApiErrorDetailSerializer()


DESCRIPTIONS = {
    400: "Invalid input. `error.code` says what (for example `invalid`); `error.fields` names each bad field.",
    401: "Not signed in, or the token is wrong (`not_authenticated`, `authentication_failed`).",
    403: "Signed in by session without a CSRF token, or no access (`permission_denied`).",
    404: "Not found (`not_found`), including a page number past the last page.",
    429: "Too many requests (`throttled`): wait and try again.",
}


def errors(*statuses: int) -> dict[int, OpenApiResponse]:
    """The documented error responses of an endpoint, all with the one error body."""
    return {status: OpenApiResponse(ApiErrorSerializer, description=DESCRIPTIONS[status]) for status in statuses}


def choice_field(choices, *, component: str | None = None, **kwargs) -> serializers.ChoiceField:
    """A ChoiceField whose enum is the schema component `component`, named by us.

    drf-spectacular names enum components after the field ("kind", "state"): two fields of one name with other
    choices collide (a warning, and a hashed name). Give `component` (e.g. "PackageKind") and it never does;
    without it the field is a plain ChoiceField.
    """
    if component is None:
        return serializers.ChoiceField(choices=choices, **kwargs)
    values = list(serializers.ChoiceField(choices=choices).choices)
    schema = {"type": "string", "enum": values}
    if kwargs.get("allow_null"):
        schema.update(nullable=True, enum=[*values, None])
    field_class = type(f"{component}Field", (serializers.ChoiceField,), {})
    field_class = extend_schema_field(schema, component_name=component)(field_class)
    return field_class(choices=choices, **kwargs)
