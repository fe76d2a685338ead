import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from accounts import roles

pytestmark = pytest.mark.django_db


def perms(role):
    return {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=role).permissions.all()}


def test_every_role_exists_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)


def test_fund_operator_manages_people_and_registers_but_cannot_edit_payments():
    granted = perms(roles.FUND_OPERATOR)
    assert {"accounts.change_person", "payments.add_register", "payments.view_payment"} <= granted
    assert "payments.change_payment" not in granted
    # Accounts: only to find one and confirm its holder's identity from their ID document (decision 0019).
    assert {p for p in granted if p.endswith("_user")} == {"accounts.view_user", "accounts.confirm_user"}


def test_auditor_only_reads():
    granted = perms(roles.AUDITOR)
    assert granted and all(p.split(".")[1].startswith("view_") for p in granted)


def test_catalogue_editor_cannot_see_people_or_payments():
    granted = perms(roles.CATALOGUE_EDITOR)
    assert not any(p.startswith(("accounts.", "payments.")) for p in granted)


def test_admin_shows_a_role_only_its_models(client, staff_member):
    translation.activate("en")  # the pages under this language's URL prefix
    client.force_login(staff_member)
    page = client.get("/en/admin/").content.decode()
    assert "/en/admin/payments/register/" in page and "/en/admin/accounts/person/" in page
    assert "/en/admin/auth/group/" not in page and "/en/admin/appeals/" not in page
