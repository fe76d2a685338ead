"""The fund staff's employer-arrears report: the page, its sorting and month filter, the CSV, who may open it."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation

from accounts import roles
from accounts.models import AccessRecord, User
from payments.models import EmployerArrear

pytestmark = pytest.mark.django_db

BIG, NAMELESS = "050540001234", "050540005678"


def arrear(bin_, iin, month, missing="1700", name="ТОО Ромашка", others=True):
    return EmployerArrear.objects.create(
        bin=bin_, name=name, iin=iin, period=month, kind="no_122", paid_121=Decimal("2550"), paid_122=0,
        due_122=Decimal("1700"), amount_missing=Decimal(missing), others_paid=others, computed_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def rows():
    arrear(BIG, "900101300011", date(2024, 3, 1))
    arrear(BIG, "850202400022", date(2024, 3, 1))
    arrear(BIG, "850202400022", date(2024, 4, 1))
    arrear(NAMELESS, "800303300033", date(2024, 4, 1), missing="100", name="")
    arrear("050540009999", "800303300044", date(2024, 4, 1), others=False)  # one employee: not in the report


def staff(client, role):
    user = User.objects.create_user(username=f"s-{role}", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    translation.activate("en")  # the pages under this language's URL prefix
    return user


def test_the_report_per_employer_sorted_and_filtered(client, rows):
    staff(client, roles.AUDITOR)
    url = reverse("admin:payments_employerarrear_report")
    page = client.get(url).content.decode()
    assert page.index(BIG) < page.index(NAMELESS)  # most missing first
    assert "name not given" in page and "050540009999" not in page
    assert "5,100.00" in page and "March 2024 – April 2024" in page
    by_bin = client.get(url, {"o": "-bin"}).content.decode()
    assert by_bin.index(NAMELESS) < by_bin.index(BIG)
    march = client.get(url, {"month": "2024-03"}).content.decode()
    assert BIG in march and NAMELESS not in march
    assert AccessRecord.objects.filter(action="payments.employerarrear.report").exists()
    people = client.get(reverse("admin:payments_employerarrear_changelist"), {"bin": BIG, "others_paid__exact": "1"})
    assert people.status_code == 200 and "850202400022" in people.content.decode()
    assert "800303300033" not in people.content.decode()


def test_the_csv_export_is_logged(client, rows):
    user = staff(client, roles.FUND_OPERATOR)
    response = client.get(reverse("admin:payments_employerarrear_export"), {"month": "2024-04"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="employer-arrears-2024-04.csv"' in response["Content-Disposition"]
    lines = b"".join(response.streaming_content).decode().lstrip("\ufeff").splitlines()
    assert lines[0].startswith("employer_bin;employer;iin;month;kind")
    assert f"{NAMELESS};name not given;800303300033;2024-04;no_122;2550.00;0.00;1700.00;100.00" in lines
    assert len(lines) == 3
    assert AccessRecord.objects.get(action="payments.employerarrear.export").actor == user


def test_staff_without_the_permission_are_refused(client, rows):
    staff(client, roles.CATALOGUE_EDITOR)
    assert client.get(reverse("admin:payments_employerarrear_report")).status_code == 403
    assert client.get(reverse("admin:payments_employerarrear_export")).status_code == 403
