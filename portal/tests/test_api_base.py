"""The API's shared contract: JSON errors with a stable code, the schema and its documentation page."""

import pytest
from django.test import override_settings
from django.urls import path
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response


class _Echo(serializers.Serializer):
    count = serializers.IntegerField(min_value=1)


@api_view(["POST"])
@permission_classes([AllowAny])
def _echo(request):
    data = _Echo(data=request.data)
    data.is_valid(raise_exception=True)
    return Response(data.validated_data)


@api_view(["GET"])
@permission_classes([AllowAny])
def _crash(request):
    raise RuntimeError("boom")


@api_view(["GET"])
def _private(request):
    return Response({})


@api_view(["GET"])
@permission_classes([AllowAny])
def _missing(request):
    from django.shortcuts import get_object_or_404

    from accounts.models import Person

    return Response({"iin": get_object_or_404(Person, iin="000000000000").iin})


urlpatterns = [
    path("api/v1/missing", _missing),
    path("api/v1/echo", _echo),
    path("api/v1/crash", _crash),
    path("api/v1/private", _private),
]
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

pytestmark = pytest.mark.django_db


def test_unknown_api_address_answers_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


def test_unknown_page_outside_the_api_is_still_a_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@override_settings(ROOT_URLCONF=__name__)
def test_invalid_input_names_each_field_with_a_code(client):
    response = client.post("/api/v1/echo", {"count": 0}, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]["count"][0]["code"] == "min_value"


@override_settings(ROOT_URLCONF=__name__)
def test_unreadable_json_is_a_parse_error(client):
    response = client.post("/api/v1/echo", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


@override_settings(ROOT_URLCONF=__name__)
def test_message_follows_accept_language(client):
    response = client.get("/api/v1/private", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code in (401, 403)
    error = response.json()["error"]
    assert error["code"] == "not_authenticated"
    assert error["message"] == "Сначала войдите в систему."


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_crash_answers_json_500_without_a_trace():
    from django.test import Client

    response = Client(raise_request_exception=False).get("/api/v1/crash")
    assert response.status_code == 500
    assert response.json() == {"error": {"code": "server_error", "message": response.json()["error"]["message"]}}
    assert "boom" not in response.content.decode()


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    docs = client.get("/api/schema/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


@override_settings(ROOT_URLCONF=__name__)
def test_get_object_or_404_inside_a_view_is_a_json_404(client):
    response = client.get("/api/v1/missing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_a_request_for_a_host_the_portal_does_not_serve_is_a_json_400_under_the_api(client):
    """Django refuses it before any view (the fuzzer found the HTML answer): the API's error shape all the same."""
    response = client.post("/api/v1/appeals", {}, HTTP_HOST="evil.example", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    assert response.json()["error"]["message"] == "Запрос не удалось разобрать."
    page = client.get("/", HTTP_HOST="evil.example")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")
