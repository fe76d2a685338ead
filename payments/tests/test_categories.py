"""Preferential categories: registry imports, and citizens' requests that staff approve or refuse."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from accounts import iin as iin_rules
from accounts.models import Person
from payments.models import CategoryMembership, CategoryRequest, PersonStatus, QuarantinedRow

pytestmark = pytest.mark.django_db(transaction=True)

A = iin_rules.compose(date(1950, 3, 3), "F", 1)
B = iin_rules.compose(date(2003, 9, 9), "M", 2)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def import_categories(tmp_path, lines, name="cats.csv") -> dict:
    path = tmp_path / name
    path.write_text("\n".join(["iin;category;start;end", *lines]) + "\n")
    out = StringIO()
    call_command("import_register", str(path), "--kind", "categories", stdout=out)
    return json.loads(out.getvalue())


def test_registry_import_records_members_quarantines_bad_rows_and_recomputes(tmp_path):
    result = import_categories(tmp_path, [
        f"{A};pensioner;01.01.2015;",
        f"{B};student;2021-09-01;30.06.2025",
        f"{B};wizard;01.09.2021;",
        f"{A[:11]}0;pensioner;01.01.2015;" if A[11] != "0" else f"{A[:11]}1;pensioner;01.01.2015;",
        f"{B};student;01.09.2021;01.01.2020",
    ])  # fmt: skip
    assert result == {"rows": 5, "imported": 2, "duplicates": 0, "quarantined": 3}
    assert set(QuarantinedRow.objects.values_list("reason", flat=True)) == {"category", "iin", "end"}
    assert Person.objects.filter(iin__in=[A, B]).count() == 2
    assert PersonStatus.objects.get(person_id=A).basis == "exempt"


def test_registry_row_with_a_new_end_date_updates_the_membership(tmp_path):
    import_categories(tmp_path, [f"{B};student;01.09.2021;"], name="a.csv")
    again = import_categories(tmp_path, [f"{B};student;01.09.2021;"], name="b.csv")
    assert again["imported"] == 0 and again["duplicates"] == 1
    ended = import_categories(tmp_path, [f"{B};student;01.09.2021;30.06.2025"], name="c.csv")
    assert ended["imported"] == 1
    assert CategoryMembership.objects.get(person_id=B).end == date(2025, 6, 30)


def test_registry_with_a_wrong_header_is_refused(tmp_path):
    from django.core.management import CommandError

    path = tmp_path / "x.csv"
    path.write_text("iin;code\n1;2\n")
    with pytest.raises(CommandError, match="header"):
        call_command("import_register", str(path), "--kind", "categories", stdout=StringIO())
    assert not CategoryMembership.objects.exists()


def request_form(**changes):
    data = {"category": "student", "start": "2024-09-01", "note": "",
            "documents": [SimpleUploadedFile("spravka.pdf", PDF), SimpleUploadedFile("photo.png", PNG)]}  # fmt: skip
    return {**data, **changes}


def test_citizen_requests_a_category_with_documents(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("payments:category_requests"), request_form())
    assert response.status_code == 302
    request = CategoryRequest.objects.get()
    assert request.state == "submitted" and request.documents.count() == 2
    stored = request.documents.first()
    assert stored.name == "spravka.pdf" and stored.file.name.endswith(".pdf") and "spravka" not in stored.file.name


@pytest.mark.parametrize(
    ("documents", "message"),
    [
        ([SimpleUploadedFile("scan.pdf", b"MZ\x90\0 an executable")], "is not a PDF, JPEG or PNG"),
        ([SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(6)], "at most 5 files"),
        ([], "This field is required"),
    ],
)
def test_bad_documents_are_refused_and_nothing_is_stored(client, citizen, documents, message):
    client.force_login(citizen)
    translation.activate("en")  # the pages under this language's URL prefix
    response = client.post(reverse("payments:category_requests"), request_form(documents=documents))
    assert message in response.content.decode()
    assert not CategoryRequest.objects.exists()


def test_a_document_over_10_mb_is_refused(client, citizen, settings):
    client.force_login(citizen)
    translation.activate("en")  # the pages under this language's URL prefix
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    response = client.post(reverse("payments:category_requests"), request_form(documents=[big]))
    assert "larger than 10 MB" in response.content.decode()


def test_documents_are_served_to_the_owner_and_staff_only(client, citizen, outsider, staff_member):
    client.force_login(citizen)
    client.post(reverse("payments:category_requests"), request_form())
    url = reverse("payments:category_document", args=[CategoryRequest.objects.get().documents.first().pk])
    response = client.get(url)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(staff_member)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_staff_approve_and_the_status_follows(client, citizen, staff_member):
    client.force_login(citizen)
    client.post(reverse("payments:category_requests"), request_form(category="disabled", start="2024-01-01"))
    item = CategoryRequest.objects.get()
    client.force_login(staff_member)
    response = client.post(reverse("admin:payments_categoryrequest_decide", args=[item.pk]), {"decision": "approve"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == "approved" and item.decided_by == staff_member
    assert CategoryMembership.objects.get(person=citizen.person).category_id == "disabled"
    assert PersonStatus.objects.get(person=citizen.person).basis == "exempt"
    assert len(mail.outbox) == 1 and citizen.email in mail.outbox[0].to


def test_a_refusal_needs_a_reason_and_is_told_in_the_citizens_language(client, citizen, staff_member):
    citizen.language = "ru"
    citizen.save()
    client.force_login(citizen)
    client.post(reverse("payments:category_requests"), request_form())
    item = CategoryRequest.objects.get()
    client.force_login(staff_member)
    translation.activate("en")  # the pages under this language's URL prefix
    url = reverse("admin:payments_categoryrequest_decide", args=[item.pk])
    assert "Say why" in client.post(url, {"decision": "refuse", "reason": " "}).content.decode()
    client.post(url, {"decision": "refuse", "reason": "Справка не заверена"})
    item.refresh_from_db()
    assert item.state == "refused" and item.refusal_reason == "Справка не заверена"
    assert "Справка не заверена" in mail.outbox[0].body
    again = client.post(url, {"decision": "approve"}, follow=True)
    assert "already decided" in again.content.decode()
    assert not CategoryMembership.objects.exists()
