"""Fund staff in the admin: open and switch off provider accounts and organisations, see look-ups per organisation
for a period, export them as CSV (the export is audited). Roles decide who may do what."""

import csv
import io
from datetime import datetime, timedelta

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts.models import AccessRecord, User
from providers.models import ProviderAccount, ProviderLookup, ProviderOrganisation
from providers.tests.conftest import ALMATY, MAY_10, adult_iin, bin_number

pytestmark = pytest.mark.django_db


def staff(role: str) -> User:
    user = User.objects.create_user(role, password="Staff-pass-2026", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def perms(role: str) -> set[str]:
    return {p.codename for p in Group.objects.get(name=role).permissions.filter(content_type__app_label="providers")}


def test_roles_operators_manage_accounts_auditors_only_read():
    operator = perms("fund_operator")
    assert {"add_provideraccount", "change_provideraccount", "change_providerorganisation"} <= operator
    assert "view_providerlookup" in operator and "change_providerlookup" not in operator
    assert not any(p.startswith("delete_") for p in operator)
    assert perms("auditor") and all(p.startswith("view_") for p in perms("auditor"))
    assert not perms("catalogue_editor") and not perms("appeals_officer")


def test_an_operator_opens_an_account_for_an_employee(english, staff_member, clinic):
    english.force_login(staff_member)
    iin = adult_iin(8001)
    response = english.post(
        reverse("admin:providers_provideraccount_add"),
        {
            "iin": iin,
            "last_name": "Жұмабаева",
            "first_name": "Сәуле",
            "email": "saule@clinic.example.kz",
            "organisation": clinic.pk,
            "active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    account = ProviderAccount.objects.get(user__username=iin)
    assert account.organisation == clinic and account.active and account.created_by == staff_member
    assert not account.user.is_staff and account.user.person is None and account.user.has_usable_password()
    assert ProviderOrganisation.objects.get(organisation=clinic).access_enabled


def test_fund_staff_and_non_suppliers_cannot_be_provider_accounts(english, staff_member, clinic):
    clinic.is_fund_supplier = False
    clinic.save()
    english.force_login(staff_member)
    response = english.post(
        reverse("admin:providers_provideraccount_add"),
        {"iin": "", "last_name": "X", "first_name": "Y", "email": "x@example.kz", "organisation": clinic.pk},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "organisation" in errors and "iin" in errors
    User.objects.filter(pk=staff_member.pk).update(username=adult_iin(8002))
    staff_member.refresh_from_db()
    english.force_login(staff_member)
    response = english.post(
        reverse("admin:providers_provideraccount_add"),
        {
            "iin": staff_member.username,
            "last_name": "X",
            "first_name": "Y",
            "email": "x@e.kz",
            "organisation": clinic.pk,
        },
    )
    assert "fund staff login" in str(response.context["adminform"].form.errors["iin"])
    assert not ProviderAccount.objects.exists()


def test_an_operator_switches_an_account_and_an_organisation_off(english, staff_member, provider, clinic):
    english.force_login(staff_member)
    account = provider.provider_account
    english.post(
        reverse("admin:providers_provideraccount_changelist"),
        {"action": "switch_off", ACTION_CHECKBOX_NAME: [account.pk]},
    )
    account.refresh_from_db()
    assert not account.active
    english.post(
        reverse("admin:providers_providerorganisation_changelist"),
        {"action": "switch_off", ACTION_CHECKBOX_NAME: [clinic.pk]},
    )
    assert not ProviderOrganisation.objects.get(organisation=clinic).access_enabled


def test_an_operator_emails_the_password_link(english, staff_member, provider):
    english.force_login(staff_member)
    english.post(
        reverse("admin:providers_provideraccount_changelist"),
        {"action": "send_password_link", ACTION_CHECKBOX_NAME: [provider.provider_account.pk]},
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [provider.email]
    assert "/accounts/password/reset/" in mail.outbox[0].body


@pytest.fixture
def lookups(client, provider, rival, insured_patient, gap_patient):
    """Three look-ups by the clinic (two patients) on 10 May, one by the other clinic on 10 May, one by the
    clinic on 2 June."""
    with time_machine.travel(MAY_10, tick=False) as clock:
        client.force_login(provider)
        for iin in (insured_patient.iin, gap_patient.iin, insured_patient.iin):
            client.post(reverse("providers:front_desk"), {"iin": iin, "reason": "visit"})
        client.force_login(rival)
        client.post(reverse("providers:front_desk"), {"iin": gap_patient.iin, "reason": "emergency"})
        clock.move_to(datetime(2025, 6, 2, 9, 0, tzinfo=ALMATY))
        client.force_login(provider)
        client.post(reverse("providers:front_desk"), {"iin": gap_patient.iin, "reason": "referral"})
    client.logout()
    translation.activate("en")  # the pages under this language's URL prefix
    assert ProviderLookup.objects.count() == 5


def test_lookups_per_organisation_for_a_period(english, staff_member, lookups, clinic, other_clinic):
    english.force_login(staff_member)
    summary = reverse("admin:providers_providerlookup_summary")
    response = english.get(summary, {"first": "2025-05-01", "last": "2025-05-31"})
    rows = {(row.organisation, row.lookups, row.patients) for row, _link in response.context["rows"]}
    assert rows == {(clinic, 3, 2), (other_clinic, 1, 1)}
    assert response.context["total"] == 4
    page = response.content.decode()
    assert "Polyclinic No. 4" in page and f"organisation__id__exact={clinic.pk}" in page
    june = english.get(summary, {"first": "2025-06-01", "last": "2025-06-30"}).context["rows"]
    assert [(row.organisation, row.lookups) for row, _link in june] == [(clinic, 1)]


def test_the_summary_refuses_a_backwards_period(english, staff_member, lookups):
    english.force_login(staff_member)
    response = english.get(
        reverse("admin:providers_providerlookup_summary"), {"first": "2025-06-01", "last": "2025-05-01"}
    )
    assert "The period ends before it starts." in response.content.decode() and response.context["rows"] == []


def test_the_list_filters_by_organisation_and_period(english, staff_member, lookups, clinic):
    english.force_login(staff_member)
    changelist = reverse("admin:providers_providerlookup_changelist")
    query = {"organisation__id__exact": clinic.pk, "at__date__gte": "2025-05-01", "at__date__lte": "2025-05-31"}
    assert english.get(changelist, query).context["cl"].result_count == 3
    assert english.get(changelist, {"reason": "emergency"}).context["cl"].result_count == 1


def test_the_export_is_a_csv_of_the_period_and_is_audited(english, staff_member, lookups, clinic, insured_patient):
    english.force_login(staff_member)
    response = english.post(
        reverse("admin:providers_providerlookup_export"),
        {"first": "2025-05-01", "last": "2025-05-31", "organisation": clinic.bin, "reason": "quarterly check"},
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "lookups-20250501-20250531" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:5] == ["at", "organisation_bin", "organisation", "user", "patient_iin"]
    assert len(lines) == 4 and lines[1][0] == "2025-05-10 10:00:05" and lines[1][4] == insured_patient.iin
    assert {line[1] for line in lines[1:]} == {clinic.bin}
    record = AccessRecord.objects.get(action="provider.lookups_export")
    assert record.actor == staff_member and record.reason == "quarterly check"
    assert record.object == f"3 look-ups, 2025-05-01 to 2025-05-31, {clinic.bin}"


def test_the_export_needs_a_reason_and_a_period_of_at_most_a_year(english, staff_member, lookups):
    english.force_login(staff_member)
    export = reverse("admin:providers_providerlookup_export")
    assert english.get(export).status_code == 200
    no_reason = english.post(export, {"first": "2025-05-01", "last": "2025-05-31", "reason": ""})
    assert no_reason.status_code == 200 and no_reason.context["form"].errors["reason"]
    too_long = english.post(export, {"first": "2024-01-01", "last": "2025-05-31", "reason": "why"})
    assert "at most a year" in too_long.content.decode()
    assert not AccessRecord.objects.filter(action="provider.lookups_export").exists()


def test_auditors_export_too_but_catalogue_editors_and_providers_do_not(client, lookups, provider):
    summary = reverse("admin:providers_providerlookup_summary")
    export = reverse("admin:providers_providerlookup_export")
    client.force_login(staff("auditor"))
    response = client.post(export, {"first": "2025-05-01", "last": "2025-06-30", "reason": "audit"})
    assert len(b"".join(response.streaming_content).splitlines()) == 6  # header and five look-ups, all organisations
    assert client.get(reverse("admin:providers_provideraccount_add")).status_code == 403
    client.force_login(staff("catalogue_editor"))
    assert client.get(summary).status_code == 403 and client.post(export, {}).status_code == 403
    client.force_login(provider)
    assert client.get(summary).status_code == 302  # to the admin's sign-in: providers are not staff


def test_nobody_edits_lookups(client, lookups):
    root = User.objects.create_superuser("root", password="Root-pass-2026")
    client.force_login(root)
    lookup = ProviderLookup.objects.first()
    assert client.get(reverse("admin:providers_providerlookup_add")).status_code == 403
    assert client.get(reverse("admin:providers_providerlookup_delete", args=[lookup.pk])).status_code == 403


def test_spreadsheet_formulas_in_names_are_written_as_text(english, staff_member, provider, clinic, insured_patient):
    clinic.name = "=HYPERLINK(1)"
    clinic.save()
    english.force_login(provider)
    with time_machine.travel(MAY_10, tick=False):
        english.post(reverse("providers:front_desk"), {"iin": insured_patient.iin, "reason": "visit"})
    english.force_login(staff_member)
    last = (MAY_10 + timedelta(days=1)).date().isoformat()
    response = english.post(
        reverse("admin:providers_providerlookup_export"), {"first": "2025-05-01", "last": last, "reason": "check"}
    )
    assert "'=HYPERLINK(1)" in b"".join(response.streaming_content).decode()
    assert bin_number(1) == clinic.bin


def test_the_operators_pages_render(english, staff_member, provider, lookups):
    english.force_login(staff_member)
    account = provider.provider_account
    for name, args in [
        ("admin:providers_provideraccount_changelist", []),
        ("admin:providers_provideraccount_add", []),
        ("admin:providers_provideraccount_change", [account.pk]),
        ("admin:providers_providerorganisation_changelist", []),
        ("admin:providers_providerorganisation_change", [account.organisation_id]),
        ("admin:providers_providerlookup_changelist", []),
    ]:
        response = english.get(reverse(name, args=args))
        assert response.status_code == 200, name
    page = english.get(reverse("admin:providers_providerlookup_changelist")).content.decode()
    assert reverse("admin:providers_providerlookup_summary") in page
    assert reverse("admin:providers_providerlookup_export") in page
    organisations = english.get(
        reverse("admin:autocomplete"),
        {"app_label": "providers", "model_name": "provideraccount", "field_name": "organisation", "term": "Poly"},
    )
    assert [row["text"] for row in organisations.json()["results"]] == ["Polyclinic No. 4"]
