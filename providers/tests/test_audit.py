"""Every look-up goes to the access log (accounts.AccessRecord), which nobody can change: not through the ORM,
not through the admin, superusers included. Auditors search it; other staff do not see it."""

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import audit
from accounts.models import AccessRecord, User
from providers.tests.conftest import MAY_10

pytestmark = pytest.mark.django_db


@pytest.fixture
def looked_up(client, provider, insured_patient):
    client.force_login(provider)
    with time_machine.travel(MAY_10, tick=False):
        client.post(
            reverse("providers:front_desk"), {"iin": insured_patient.iin, "reason": "admission"}, REMOTE_ADDR="10.1.2.3"
        )
    client.logout()
    return AccessRecord.objects.get()


def test_a_lookup_writes_who_for_whom_what_why_where_and_when(looked_up, provider, clinic, insured_patient):
    record = looked_up
    assert record.actor == provider and record.action == "provider.status_lookup"
    assert record.actor_organisation.startswith(clinic.bin) and clinic.name in record.actor_organisation
    assert (record.subject_iin, record.reason, record.client_address) == (insured_patient.iin, "admission", "10.1.2.3")
    assert record.object == "insurance status (page)" and record.at == MAY_10


def test_the_access_log_is_append_only(looked_up):
    looked_up.reason = "changed"
    with pytest.raises(TypeError):
        looked_up.save()
    with pytest.raises(TypeError):
        looked_up.delete()
    with pytest.raises(TypeError):
        AccessRecord.objects.update(reason="changed")
    with pytest.raises(TypeError):
        AccessRecord.objects.all().delete()
    assert AccessRecord.objects.get().reason == "admission"


def test_record_needs_an_action_and_clips_long_text(provider):
    with pytest.raises(ValueError):
        audit.record(actor=provider, action="")
    row = audit.record(actor=provider, action="test.read", obj="x" * 1000)
    assert len(row.object) == 300 and row.client_address == ""


def staff(role: str) -> User:
    user = User.objects.create_user(role, password="Staff-pass-2026", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def test_auditors_search_and_filter_the_log(english, looked_up, insured_patient):
    english.force_login(staff("auditor"))
    changelist = reverse("admin:accounts_accessrecord_changelist")
    found = english.get(changelist, {"q": insured_patient.iin})
    assert found.status_code == 200 and found.context["cl"].result_count == 1
    assert english.get(changelist, {"q": "000000000000"}).context["cl"].result_count == 0
    assert english.get(changelist, {"action": "provider.status_lookup"}).context["cl"].result_count == 1
    assert english.get(changelist, {"action": "other.action"}).context["cl"].result_count == 0


def test_nobody_adds_changes_or_deletes_records_in_the_admin(client, looked_up):
    root = User.objects.create_superuser("root", password="Root-pass-2026")
    client.force_login(root)
    assert client.get(reverse("admin:accounts_accessrecord_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_accessrecord_add")).status_code == 403
    assert client.get(reverse("admin:accounts_accessrecord_delete", args=[looked_up.pk])).status_code == 403
    change = reverse("admin:accounts_accessrecord_change", args=[looked_up.pk])
    assert 'name="_save"' not in client.get(change).content.decode()  # shown read-only
    response = client.post(change, {"reason": "changed"})
    assert response.status_code == 403
    assert AccessRecord.objects.get(pk=looked_up.pk).reason == "admission"  # (reading the log is recorded too)


def test_fund_operators_do_not_see_the_access_log(client, staff_member, looked_up):
    client.force_login(staff_member)
    assert client.get(reverse("admin:accounts_accessrecord_changelist")).status_code == 403
