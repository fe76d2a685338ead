"""/ping: liveness, and the trivial view whose throughput is the load test's ceiling."""

from unittest import mock

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_ping_answers_ok_without_the_database_or_the_cache(client, django_assert_num_queries):
    with django_assert_num_queries(0), mock.patch("django.core.cache.cache.get") as cache_get:
        response = client.get(reverse("ping"))
    assert response.status_code == 200 and response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]
    cache_get.assert_not_called()
