"""Fund staff upload registers in the admin, watch the progress and read the quarantine."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accounts import iin as iin_rules
from accounts.models import User
from payments.models import Payment, Register

from .registers import HEADER_LINE, line

pytestmark = pytest.mark.django_db(transaction=True)
A = iin_rules.compose(date(1990, 1, 1), "M", 1)


@pytest.fixture(autouse=True)
def english(client):
    translation.activate("en")  # the pages under this language's URL prefix


def csv_upload(lines, name="december.csv"):
    return SimpleUploadedFile(name, ("\n".join([HEADER_LINE, *lines]) + "\n").encode(), content_type="text/csv")


def role_user(role: str) -> User:
    user = User.objects.create_user(role, password="x-Long-pass-2026", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def test_operator_uploads_a_register_and_sees_the_summary(client, staff_member):
    client.force_login(staff_member)
    response = client.post(
        reverse("admin:payments_register_add"),
        {"kind": "payments", "file": csv_upload([line(A), "bad;row"])},
        follow=True,
    )
    register = Register.objects.get()
    assert register.state == "done" and register.uploaded_by == staff_member and register.name == "december.csv"
    assert Payment.objects.filter(iin=A).count() == 1
    page = response.content.decode()
    assert "wrong number of columns" in page  # the quarantine, with a readable reason
    progress = client.get(reverse("admin:payments_register_progress", args=[register.pk]))
    assert progress.status_code == 286 and "1 imported" in progress.content.decode()
    download = client.get(reverse("admin:payments_register_quarantine", args=[register.pk]))
    assert b"".join(download.streaming_content).decode().splitlines() == ["line;reason;raw", '3;columns;"bad;row"']


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        ("cp1251", "The file is not UTF-8 text and cannot be read safely."),
        ("koi8-r", "The file is not UTF-8 text and cannot be read safely."),
        ("utf-16", "Only CSV (UTF-8, ;-separated) or XLSX registers are accepted."),  # its NUL bytes: at the upload
    ],
)
def test_a_register_in_a_legacy_encoding_is_refused_whole_with_a_clear_message(client, staff_member, encoding, message):
    client.force_login(staff_member)
    text = "\n".join([HEADER_LINE, line(A, last="Иванов", first="Иван")]) + "\n"
    upload = SimpleUploadedFile("cp.csv", text.encode(encoding), content_type="text/csv")
    page = client.post(reverse("admin:payments_register_add"), {"kind": "payments", "file": upload}, follow=True)
    assert message in page.content.decode()
    assert not Payment.objects.exists() and not Register.objects.exclude(state="refused").exists()


def test_an_imported_registers_page_is_read_only_and_says_what_happened(client, staff_member):
    client.force_login(staff_member)
    client.post(reverse("admin:payments_register_add"), {"kind": "payments", "file": csv_upload([line(A)])})
    register = Register.objects.get()
    url = reverse("admin:payments_register_change", args=[register.pk])
    page = client.get(url).content.decode()
    assert 'name="_save"' not in page and 'name="_continue"' not in page and 'name="_addanother"' not in page
    assert "field-outcome" not in page  # nothing went wrong: no empty row for it
    assert "1 rows: 1 imported, 0 duplicates, 0 in quarantine." in page
    assert client.post(url, {"name": "changed.csv"}).status_code == 403
    assert Register.objects.get().name == "december.csv"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("r.csv", b"\x89PNG\r\n\x1a\n\0\0\0IHDR"), "Only CSV"),
        (SimpleUploadedFile("r.pdf", b"%PDF-1.4 ..."), "Only CSV"),
        (SimpleUploadedFile("r.csv", b"PK\x03\x04zip"), "name it .xlsx"),
    ],
)
def test_wrong_files_are_refused_before_anything_is_stored(client, staff_member, upload, message):
    client.force_login(staff_member)
    response = client.post(reverse("admin:payments_register_add"), {"kind": "payments", "file": upload})
    assert message in response.content.decode()
    assert not Register.objects.exists()


def test_a_file_over_the_limit_is_refused(client, staff_member, settings):
    settings.REGISTER_MAX_BYTES = 100
    client.force_login(staff_member)
    response = client.post(
        reverse("admin:payments_register_add"), {"kind": "payments", "file": csv_upload([line(A)] * 5)}
    )
    assert "larger than" in response.content.decode()
    assert not Register.objects.exists()


def test_an_upload_past_the_hard_limit_is_stopped_with_a_message(client, staff_member, settings):
    settings.MAX_UPLOAD_BYTES = 200
    client.force_login(staff_member)
    response = client.post(
        reverse("admin:payments_register_add"), {"kind": "payments", "file": csv_upload([line(A)] * 20)}, follow=True
    )
    assert "larger than" in response.content.decode()
    assert not Register.objects.exists()


def test_a_refused_register_says_why(client, staff_member):
    client.force_login(staff_member)
    response = client.post(
        reverse("admin:payments_register_add"),
        {"kind": "payments", "file": SimpleUploadedFile("r.csv", b"date;amount\n1;2\n")},
        follow=True,
    )
    assert Register.objects.get().state == "refused"
    assert "not the register header" in response.content.decode()


def test_payments_cannot_be_edited_or_deleted_in_the_admin(client, staff_member):
    client.force_login(staff_member)
    client.post(reverse("admin:payments_register_add"), {"kind": "payments", "file": csv_upload([line(A)])})
    payment = Payment.objects.get()
    response = client.post(reverse("admin:payments_payment_change", args=[payment.pk]), {"amount": "1"})
    assert response.status_code == 403
    payment.refresh_from_db()
    assert str(payment.amount) == "4250.00"
    assert client.post(reverse("admin:payments_payment_delete", args=[payment.pk]), {"post": "yes"}).status_code == 403


def test_roles_see_registers_only_as_allowed(client):
    auditor, officer = role_user("auditor"), role_user("appeals_officer")
    client.force_login(auditor)
    assert client.get(reverse("admin:payments_register_changelist")).status_code == 200
    assert client.get(reverse("admin:payments_register_add")).status_code == 403
    client.force_login(officer)
    assert client.get(reverse("admin:payments_register_changelist")).status_code == 403
