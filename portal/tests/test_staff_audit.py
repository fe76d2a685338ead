"""Staff access to personal data is written to the access log (accounts.AccessRecord): who, whose, what, when and
from where, for every admin list, object and history page of personal data, the appeal work page, documents and
every export. Auditors search the log; nobody changes it, and on PostgreSQL the database itself refuses."""

import pytest
import time_machine
from django.contrib import admin
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from accounts import roles
from accounts.audit import AuditedAdminMixin
from accounts.models import AccessRecord

from . import world as security_world

pytestmark = pytest.mark.django_db
ADDRESS = "10.20.30.40"
NOW = "2026-03-02 10:00:00+05:00"

# Admin models holding someone's personal data: each must be audited.
PERSONAL = {
    "accounts.person",
    "accounts.user",
    "accounts.accessrecord",
    "payments.payment",
    "payments.personstatus",
    "payments.statuschange",
    "payments.categoryrequest",
    "payments.categorymembership",
    "payments.register",
    "payments.quarantinedrow",
    "payments.employerarrear",  # names the people an employer did not pay for
    "appeals.appeal",
    "appeals.review",
    "providers.providerlookup",
    "providers.provideraccount",
}


@pytest.fixture
def world(citizen, outsider, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    built = security_world.build(citizen, outsider)
    cache.clear()
    return built


def as_(client, world, role):
    client.force_login(world.staff[role])
    return client


def records(action=None):
    """The rows the test wrote (the world wrote one "test.read" row)."""
    rows = AccessRecord.objects.exclude(action="test.read")
    return list(rows.filter(action=action) if action else rows)


def pk(model_path: str):
    from django.apps import apps

    return lambda w: [security_world.first(apps.get_model(model_path)).pk]


def test_every_admin_of_personal_data_is_audited():
    audited = {m._meta.label_lower for m, a in admin.site._registry.items() if isinstance(a, AuditedAdminMixin)}
    assert audited == PERSONAL


def test_opening_a_person_writes_who_whom_what_when_and_where(client, world):
    as_(client, world, roles.FUND_OPERATOR)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("admin:accounts_person_change", args=[world.owner.username]), REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    (row,) = records("accounts.person.view")
    assert row.actor == world.staff[roles.FUND_OPERATOR] and row.subject_iin == world.owner.username
    assert row.client_address == ADDRESS and row.at.isoformat() == "2026-03-02T05:00:00+00:00"
    assert row.object == f"accounts.person {world.owner.username}"


@pytest.mark.parametrize(
    ("role", "name", "args", "action"),
    [
        (roles.FUND_OPERATOR, "admin:payments_payment_change", pk("payments.Payment"), "payments.payment.view"),
        (roles.AUDITOR, "admin:payments_personstatus_change", lambda w: [w.owner.username],
         "payments.personstatus.view"),
        (roles.AUDITOR, "admin:payments_statuschange_history", pk("payments.StatusChange"),
         "payments.statuschange.history"),
        (roles.FUND_OPERATOR, "admin:payments_categoryrequest_change", lambda w: [w.category_request.pk],
         "payments.categoryrequest.view"),
        (roles.APPEALS_OFFICER, "admin:appeals_appeal_change", lambda w: [w.appeal.pk], "appeals.appeal.view"),
        (roles.APPEALS_OFFICER, "admin:appeals_appeal_work", lambda w: [w.appeal.pk], "appeals.appeal.work"),
        (roles.AUDITOR, "admin:providers_providerlookup_change", pk("providers.ProviderLookup"),
         "providers.providerlookup.view"),
        (roles.APPEALS_SUPERVISOR, "admin:appeals_review_change", pk("appeals.Review"), "appeals.review.view"),
    ],
)  # fmt: skip
def test_opening_personal_data_in_the_admin_names_whose_it_was(client, world, role, name, args, action):
    as_(client, world, role)
    assert client.get(reverse(name, args=args(world)), REMOTE_ADDR=ADDRESS).status_code == 200
    (row,) = records(action)
    assert row.subject_iin == world.owner.username and row.actor == world.staff[role]


def test_lists_are_audited_with_the_search_and_the_searched_iin(client, world):
    as_(client, world, roles.AUDITOR)
    client.get(reverse("admin:providers_providerlookup_changelist"), {"q": world.owner.username})
    client.get(reverse("admin:payments_payment_changelist"))
    (lookups,) = records("providers.providerlookup.list")
    assert lookups.subject_iin == world.owner.username and world.owner.username in lookups.object
    (payments,) = records("payments.payment.list")
    assert payments.subject_iin == "" and payments.object.endswith("all")


def test_downloads_of_documents_by_staff_are_audited_and_the_owners_own_are_not(client, world):
    as_(client, world, roles.APPEALS_OFFICER)
    assert client.get(reverse("appeals:attachment", args=[world.attachment.pk])).status_code == 200
    as_(client, world, roles.FUND_OPERATOR)
    assert client.get(reverse("payments:category_document", args=[world.category_document.pk])).status_code == 200
    client.force_login(world.owner)
    client.get(reverse("appeals:attachment", args=[world.attachment.pk]))
    client.get(reverse("payments:category_document", args=[world.category_document.pk]))
    assert [r.subject_iin for r in records("appeals.attachment.download")] == [world.owner.username]
    assert [r.subject_iin for r in records("payments.categorydocument.download")] == [world.owner.username]


def test_staff_reading_an_appeal_on_the_site_or_the_api_is_audited(client, world):
    as_(client, world, roles.AUDITOR)
    assert client.get(reverse("appeals:detail", args=[world.appeal.number])).status_code == 200
    assert client.get(reverse("v1:appeal", args=[world.appeal.number])).status_code == 200
    assert len(records("appeals.appeal.view")) == 2
    client.force_login(world.owner)
    client.get(reverse("appeals:detail", args=[world.appeal.number]))
    assert len(records("appeals.appeal.view")) == 2


def test_every_export_is_audited(client, world):
    as_(client, world, roles.FUND_OPERATOR)
    quarantine = client.get(reverse("admin:payments_register_quarantine", args=[world.register.pk]))
    b"".join(quarantine.streaming_content)
    export = client.post(
        reverse("admin:providers_providerlookup_export"),
        {"first": "2020-01-01", "last": "2020-12-31", "organisation": "", "reason": "audit check"},
    )
    b"".join(export.streaming_content)
    as_(client, world, roles.CATALOGUE_EDITOR)
    client.get(reverse("admin:coverage_organisationimport_quarantine", args=[world.organisation_import.pk]))
    assert len(records("payments.register.quarantine_export")) == 1
    assert len(records("provider.lookups_export")) == 1
    assert len(records("coverage.organisationimport.quarantine_export")) == 1


def test_a_refused_page_is_not_an_access(client, world):
    as_(client, world, roles.CATALOGUE_EDITOR)
    assert client.get(reverse("admin:accounts_person_change", args=[world.owner.username])).status_code == 403
    assert client.get(reverse("admin:payments_payment_changelist")).status_code == 403
    assert not records()


def test_auditors_search_the_log_and_nobody_else_opens_it(client, world):
    as_(client, world, roles.FUND_OPERATOR)
    client.get(reverse("admin:accounts_person_change", args=[world.owner.username]))
    as_(client, world, roles.AUDITOR)
    page = client.get(reverse("admin:accounts_accessrecord_changelist"), {"q": world.owner.username})
    assert page.status_code == 200 and "accounts.person.view" in page.content.decode()
    for role in set(roles.ROLES) - {roles.AUDITOR}:
        as_(client, world, role)
        assert client.get(reverse("admin:accounts_accessrecord_changelist")).status_code == 403


def test_nobody_edits_or_deletes_the_log_in_the_admin(client, world):
    from accounts.models import User

    as_(client, world, roles.FUND_OPERATOR)
    client.get(reverse("admin:accounts_person_change", args=[world.owner.username]))
    (row,) = records()
    client.force_login(User.objects.create_superuser("root", password="Root-pass-2026"))
    change = reverse("admin:accounts_accessrecord_change", args=[row.pk])
    assert client.post(change, {"reason": "tidied"}).status_code == 403
    assert client.post(reverse("admin:accounts_accessrecord_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    assert AccessRecord.objects.get(pk=row.pk).reason == ""


def test_postgresql_refuses_update_and_delete_of_the_log(world):
    from accounts import audit

    row = audit.record(actor=None, action="test.read", subject_iin=world.owner.username)
    for sql in (
        "UPDATE accounts_accessrecord SET reason = 'x' WHERE id = %s",
        "DELETE FROM accounts_accessrecord WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [row.pk])
    assert AccessRecord.objects.filter(pk=row.pk, reason="").exists()
