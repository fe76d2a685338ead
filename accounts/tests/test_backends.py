"""The signed-in user that each request reads back from its session (accounts.backends.ModelBackend): on
PostgreSQL a prepared statement, the same user the ORM gives, and still refused when inactive."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from accounts.backends import ModelBackend

pytestmark = pytest.mark.django_db


def fields(user) -> dict:
    return {field.attname: getattr(user, field.attname) for field in type(user)._meta.concrete_fields}


def test_the_user_read_is_prepared_and_the_same_as_the_orms(citizen, django_assert_num_queries):
    with django_assert_num_queries(0):  # past Django's cursor: PostgreSQL holds the statement
        user = ModelBackend().get_user(citizen.pk)
    assert fields(user) == fields(get_user_model().objects.get(pk=citizen.pk))
    assert user.person.iin == citizen.username  # related objects load as from any instance
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", ["%accounts_user%"])
        assert cursor.fetchall()


def test_an_unknown_or_inactive_user_is_nobody(citizen):
    assert ModelBackend().get_user(citizen.pk + 1000) is None
    citizen.is_active = False
    citizen.save()
    assert ModelBackend().get_user(citizen.pk) is None


def test_a_signed_in_citizen_stays_signed_in_and_a_deactivated_one_is_signed_out(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("accounts:cabinet")).status_code == 200
    citizen.is_active = False
    citizen.save()
    assert client.get(reverse("accounts:cabinet")).status_code == 302
