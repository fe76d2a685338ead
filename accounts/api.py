"""The API's sign-in: a token for an IIN and password, revoking it, and who the signed-in account is.

A token is sent as ``Authorization: Token <key>``; the web session works too. Wrong credentials get one answer
whether the IIN is unknown or the password is wrong, and attempts are limited per client and per IIN, counted in
the shared cache like the public status check (see accounts.throttle).

Tokens are for citizens and medical organisations' accounts. Fund staff get none: a token is a password's worth
of access with no second factor, so staff use the API only through a web session that has passed it (decision
0017); a token an account holds from before it became staff stops working.
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from plumbing.api import json_error
from plumbing.api_docs import choice_field, errors

from . import lockout, second_factor, throttle
from .forms import SignInForm
from .models import User

# Token requests: per client address and per IIN (a password guesser is slowed down from any address).
TOKEN_CLIENT_LIMITS = [("api-token-client-min", 10, 60), ("api-token-client-day", 200, 86_400)]
TOKEN_IIN_LIMIT = ("api-token-iin-hour", 10, 3_600)


STAFF_NO_TOKEN = _lazy(
    "Fund staff accounts get no API token: sign in to the admin, where a second factor is asked, and use that session."
)


class AuthTokenCredentialsSerializer(serializers.Serializer):
    iin = serializers.CharField(max_length=20, help_text="The citizen's 12-digit IIN (the portal's sign-in name).")
    password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)


class AuthTokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`.")


class MyAccountSerializer(serializers.Serializer):
    iin = serializers.CharField(allow_null=True, help_text="Null for an account with no person (fund staff).")
    last_name = serializers.CharField(allow_blank=True)
    first_name = serializers.CharField(allow_blank=True)
    middle_name = serializers.CharField(allow_blank=True)
    birth_date = serializers.DateField(allow_null=True)
    email = serializers.EmailField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    language = choice_field(User.Language.choices, component="AccountLanguage", help_text="Language for letters.")
    identity_confirmed = serializers.BooleanField(
        help_text="False while a citizen's account waits for fund staff to check the holder's ID: until then "
        "iin is null and the me/status, me/payments and me/statement calls answer 404 (decision 0019)."
    )


def me_as_dict(user: User) -> dict:
    person = user.person
    return {
        "iin": person.iin if person else None,
        "last_name": person.last_name if person else user.last_name,
        "first_name": person.first_name if person else user.first_name,
        "middle_name": person.middle_name if person else "",
        "birth_date": person.birth_date if person else None,
        "email": user.email,
        "phone": user.phone,
        "language": user.language,
        "identity_confirmed": not user.awaits_confirmation,
    }


class TokenView(APIView):
    """POST: a token for IIN and password (the same token each time until revoked). DELETE: revoke your token."""

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    @extend_schema(
        operation_id="auth_token_create",
        summary="Get a token",
        description="Sign in with IIN and password. An unknown IIN and a wrong password get the same answer: "
        "400 `invalid_credentials`. Limited per client address and per IIN; after repeated failures for one IIN "
        "or from one address, sign-in pauses: 429 `signin_locked` with `retry_after` (seconds), also lifted by a "
        "password reset. Fund staff accounts get no token (403 `staff_no_token`): they need a second factor, "
        "passed in the admin's web session.",
        request=AuthTokenCredentialsSerializer,
        responses={200: AuthTokenSerializer, **errors(400, 403, 429)},
        auth=[],
        tags=["auth"],
    )
    def post(self, request):
        data = AuthTokenCredentialsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        iin, password = data.validated_data["iin"].strip(), data.validated_data["password"]
        client = throttle.client_address(request)
        scope, limit, seconds = TOKEN_IIN_LIMIT
        checks = [(name, client, n, s) for name, n, s in TOKEN_CLIENT_LIMITS] + [(scope, iin, limit, seconds)]
        if not throttle.allow_all(checks):
            raise exceptions.Throttled()
        lock = lockout.locked(iin, client)
        if lock is not None:
            return _locked(lock)
        user = authenticate(request._request, username=iin, password=password)
        if user is None:
            lock = lockout.failed(iin, client)
            if lock is not None:
                return _locked(lock)
            return json_error(
                "invalid_credentials", str(SignInForm.error_messages["invalid_login"]), status.HTTP_400_BAD_REQUEST
            )
        lockout.succeeded(iin)
        if second_factor.required(user):
            return json_error("staff_no_token", str(STAFF_NO_TOKEN), status.HTTP_403_FORBIDDEN)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @extend_schema(
        operation_id="auth_token_destroy",
        summary="Revoke your token",
        description="Deletes the signed-in account's token; the app must ask for a new one.",
        request=None,
        responses={204: OpenApiResponse(description="Revoked (or there was none)."), **errors(401, 403, 429)},
        tags=["auth"],
    )
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


def _locked(lock: lockout.Lock) -> Response:
    response = json_error(
        "signin_locked", lockout.message(lock), status.HTTP_429_TOO_MANY_REQUESTS, retry_after=lock.seconds_left
    )
    response["Retry-After"] = str(lock.seconds_left)
    return response


class MeView(APIView):
    @extend_schema(
        operation_id="me_retrieve",
        summary="Who is signed in",
        responses={200: MyAccountSerializer, **errors(401, 429)},
        tags=["me"],
    )
    def get(self, request):
        return Response(MyAccountSerializer(me_as_dict(request.user)).data)


def person_of(request):
    """The signed-in citizen's person; 404 `no_person` for an account without one (fund staff)."""
    person = request.user.person
    if person is None:
        raise exceptions.NotFound(code="no_person")
    return person
