"""My status says plainly which months an employer did not pay, and offers a pre-filled appeal (decision 0021)."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from payments.models import EmployerArrear

pytestmark = pytest.mark.django_db

BIN = "050540001234"


def arrear(iin, month, *, name="ТОО Ромашка", before=None, after=None, others=True):
    EmployerArrear.objects.create(
        bin=BIN, name=name, iin=iin, period=month, kind="nothing", paid_121=0, paid_122=0, others_paid=others,
        paid_before=before, paid_after=after, computed_at=timezone.now(),
    )  # fmt: skip


def test_the_employer_paid_february_and_april_but_not_march(client, citizen):
    arrear(citizen.person_id, date(2024, 3, 1), before=date(2024, 2, 1), after=date(2024, 4, 1))
    translation.activate("en")  # the pages under this language's URL prefix
    client.force_login(citizen)
    page = client.get(reverse("payments:my_status")).content.decode()
    assert (
        f"Your employer ТОО Ромашка, BIN {BIN}, paid for February 2024 and April 2024 but not for March 2024." in page
    )
    link = page.split("File an appeal about this")[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert link.startswith(reverse("appeals:new"))
    query = parse_qs(urlsplit(link).query)
    assert query["kind"] == ["payments"]
    assert f"ТОО Ромашка, BIN {BIN}" in query["description"][0] and "March 2024" in query["description"][0]

    form_page = client.get(link).content.decode()
    assert 'value="payments" selected' in form_page
    assert "did not pay my contributions in full for March 2024" in form_page


def test_a_nameless_employer_paying_others_only(client, citizen):
    arrear(citizen.person_id, date(2024, 3, 1), name="")
    translation.activate("en")  # the pages under this language's URL prefix
    client.force_login(citizen)
    page = client.get(reverse("payments:my_status")).content.decode()
    assert f"Your employer name not given, BIN {BIN}, paid for other employees for March 2024" in page


def test_no_arrears_no_section(client, citizen):
    translation.activate("en")  # the pages under this language's URL prefix
    client.force_login(citizen)
    assert "File an appeal about this" not in client.get(reverse("payments:my_status")).content.decode()


def test_the_appeal_form_ignores_an_unknown_kind(client):
    page = client.get(reverse("appeals:new"), {"kind": "<script>", "description": "Hello"}).content.decode()
    assert "selected" not in page.split('name="kind"')[1].split("</select>")[0] and "Hello</textarea>" in page
