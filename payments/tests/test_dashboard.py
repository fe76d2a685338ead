import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from payments.services.recompute import status_recompute

from .factories import months, pay_self, person

pytestmark = pytest.mark.django_db


def test_dashboard_shows_payments_counts_and_reasons(client, staff_member, time_machine):
    time_machine.move_to("2024-11-10 12:00+05:00")
    cache.clear()
    insured, gappy = person(1), person(2)
    pay_self(insured, months("2023-10", "2024-09"))
    pay_self(gappy, [m for m in months("2023-10", "2024-09") if m != "2024-03"])
    status_recompute(iins=[insured.iin, gappy.iin], trigger="test")
    client.force_login(staff_member)
    translation.activate("en")  # the pages under this language's URL prefix
    response = client.get(reverse("admin:payments_dashboard"))
    assert response.status_code == 200
    assert response.context["counts"] == {"insured": 1, "not_insured": 1}
    assert [(bar["label"], bar["value"]) for bar in response.context["reasons"]] == [
        ("months without contributions", 1)
    ]
    september = [bar for bar in response.context["by_knp"][122] if bar["label"] == "2024-09"]
    assert september[0]["value"] == 8500.0
    assert "Dashboard: payments and statuses" in client.get(reverse("admin:index")).content.decode()


def test_dashboard_is_closed_to_roles_without_status_access(client):
    from django.contrib.auth.models import Group

    from accounts.models import User

    editor = User.objects.create_user("ed", password="x-Long-pass-2026", is_staff=True)
    editor.groups.add(Group.objects.get(name="catalogue_editor"))
    client.force_login(editor)
    assert client.get(reverse("admin:payments_dashboard")).status_code == 403
