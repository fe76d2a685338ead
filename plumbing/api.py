"""What every JSON API endpoint shares: one error shape, throttles that survive a cache outage.

Every error the API returns has the same body, whatever went wrong::

    {"error": {"code": "not_found", "message": "<translated by Accept-Language>", "fields": {...}}}

``code`` is stable (clients switch on it); ``message`` is for people and follows the request's
language; ``fields`` appears only for invalid input and maps each field to its own codes and
messages. A crash inside an API view answers 500 with the same shape, never an HTML page or a
stack trace.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

log = logging.getLogger(__name__)

API_PREFIX = "/api/"


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    body = {"code": code, "message": str(message)}
    if fields:
        body["fields"] = fields
    return {"error": body}


def _field_errors(detail) -> dict:
    """DRF's nested ErrorDetail lists/dicts → {field: [{"code", "message"}]}."""
    if isinstance(detail, dict):
        return {str(name): _field_errors(value) for name, value in detail.items()}
    if isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail) for item in detail):
            return [{"code": item.code, "message": str(item)} for item in detail]
        return [_field_errors(item) for item in detail]
    return [{"code": getattr(detail, "code", "invalid"), "message": str(detail)}]


def throttled_message() -> str:
    return _("Too many requests. Please wait a minute and try again.")


def method_not_allowed_message() -> str:
    return _("This method is not allowed here.")


def _messages(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.Throttled):
        return throttled_message()
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return _("Please sign in first.") if isinstance(exc, exceptions.NotAuthenticated) else str(exc.detail)
    if isinstance(exc, exceptions.PermissionDenied):
        return _("You do not have access to this.")
    if isinstance(exc, exceptions.NotFound):
        return _("Not found.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return method_not_allowed_message()
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("This content type is not supported.")
    if isinstance(exc, exceptions.ParseError):
        return _("The request body could not be read.")
    if isinstance(exc, exceptions.ValidationError):
        return _("Some fields are not valid.")
    detail = exc.detail
    return str(detail) if not isinstance(detail, list | dict) else _("The request could not be processed.")


def exception_handler(exc, context):
    """DRF's handler, re-shaped into the one error body; unknown crashes stay None (→ handler500)."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()  # get_object_or_404 and friends
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            non_field = detail.get("non_field_errors")
            fields = _field_errors({k: v for k, v in detail.items() if k != "non_field_errors"})
            message = str(non_field[0]) if non_field else _messages(exc)
            code = non_field[0].code if non_field else "invalid"
        else:
            items = detail if isinstance(detail, list) else [detail]
            fields, message = None, str(items[0]) if items else _messages(exc)
            code = getattr(items[0], "code", "invalid") if items else "invalid"
        response.data = error_body(code, message, fields)
        return response
    code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
    response.data = error_body(code, _messages(exc))
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        response.data["error"]["retry_after"] = int(exc.wait)
    return response


def json_error(code: str, message: str, http_status: int, **extra) -> Response:
    """For a view that answers an error itself (say, "not found" and "wrong code" alike)."""
    body = error_body(code, message)
    body["error"].update(extra)
    return Response(body, status=http_status)


def error_response(code: str, message: str, http_status: int, **extra) -> JsonResponse:
    """The same error body from a plain Django view, one that answers without DRF (the public check)."""
    body = error_body(code, message)
    body["error"].update(extra)
    return JsonResponse(body, status=http_status)


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def bad_request(request) -> JsonResponse:
    return JsonResponse(
        error_body("bad_request", _("The request could not be understood.")), status=status.HTTP_400_BAD_REQUEST
    )


def not_found(request) -> JsonResponse:
    return JsonResponse(error_body("not_found", _("Not found.")), status=status.HTTP_404_NOT_FOUND)


def server_error(request) -> JsonResponse:
    return JsonResponse(
        error_body("server_error", _("Something went wrong on our side. Please try again later.")),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
