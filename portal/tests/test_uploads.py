"""Uploaded files and every file the portal serves.

Uploads: the type comes from the content (a PDF name on an HTML page is refused), the size is limited, the file is
stored under a random name outside the web root (MEDIA_ROOT, under var/, never served by address). Serving: every
view that hands out a file (category documents, appeal attachments, statements, certificates, the API statement,
the admin's CSV exports) answers `Content-Disposition: attachment`, `X-Content-Type-Options: nosniff` and a
Content-Security-Policy under which nothing can run, and a spreadsheet cannot be made to run a formula.
"""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from payments.models import CategoryDocument, PreferentialCategory
from plumbing.middleware import FILE_POLICY

from . import world as security_world

pytestmark = pytest.mark.django_db
HTML_AS_PDF = b"<html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def world(citizen, outsider, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    return security_world.build(citizen, outsider)


def request_form(**changes):
    category = PreferentialCategory.objects.exclude(code="child").order_by("code").first()
    return {"category": category.code, "start": "2025-02-01", "note": "", **changes}


def test_media_lives_outside_the_web_root():
    media, base = Path(settings.MEDIA_ROOT).resolve(), Path(settings.BASE_DIR).resolve()
    assert media.is_relative_to(base / "var")  # the default; MEDIA_ROOT may move it, never under a web root
    web_roots = [Path(settings.STATIC_ROOT).resolve(), *(Path(d).resolve() for d in settings.STATICFILES_DIRS)]
    assert not any(media.is_relative_to(root) or root.is_relative_to(media) for root in web_roots)


def test_an_uploaded_file_is_never_served_by_its_address(client, world):
    stored = world.attachment.file.name
    assert Path(settings.MEDIA_ROOT, stored).exists()
    for url in (f"{settings.MEDIA_URL}{stored}", f"/static/../var/media/{stored}", f"/{stored}"):
        assert client.get(url).status_code == 404


def test_a_file_is_stored_under_a_random_name_with_the_type_found_in_it(world):
    for document in (world.attachment, world.category_document):
        stored = Path(document.file.name).name
        assert stored != document.name and stored.endswith(".pdf") and len(stored) == 36  # uuid4().hex + ".pdf"


def test_html_named_pdf_is_refused_and_nothing_is_stored(client, world):
    client.force_login(world.owner)
    before = CategoryDocument.objects.count()
    upload = SimpleUploadedFile("certificate.pdf", HTML_AS_PDF, content_type="application/pdf")
    response = client.post(reverse("payments:category_requests"), request_form(documents=[upload]))
    assert response.status_code == 200 and "certificate.pdf" in response.content.decode()
    assert CategoryDocument.objects.count() == before


def test_a_file_over_10_mb_is_refused(client, world):
    client.force_login(world.owner)
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    before = CategoryDocument.objects.count()
    client.post(reverse("payments:category_requests"), request_form(documents=[big]))
    assert CategoryDocument.objects.count() == before


def test_an_upload_past_the_request_limit_is_stopped_while_it_arrives(client, world, settings):
    settings.MAX_UPLOAD_BYTES = 50_000
    filing = {
        "kind": "care_refused", "region": "astana", "organisation_name": "Емхана", "event_date": "2026-01-10",
        "description": "Тест", "name": "Тест Тестов", "iin": world.owner.username, "email": "t@example.kz",
        "attachments": [SimpleUploadedFile("scan.pdf", b"%PDF-" + b"0" * 60_000, content_type="application/pdf")],
    }  # fmt: skip
    response = client.post(reverse("appeals:new"), filing)
    assert response.status_code == 400 and world.appeal.__class__.objects.count() == 1


def assert_safe_download(response, content_type_start: str):
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment"), response.get("Content-Disposition")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == FILE_POLICY
    assert response["Content-Type"].startswith(content_type_start)


def test_every_citizen_file_is_served_as_a_safe_download(client, world):
    client.force_login(world.owner)
    files = [
        (reverse("payments:category_document", args=[world.category_document.pk]), "application/pdf"),
        (reverse("appeals:attachment", args=[world.attachment.pk]), "application/pdf"),
        (reverse("documents:statement_csv"), "text/csv"),
        (reverse("documents:statement_pdf"), "application/pdf"),
        (reverse("documents:certificate_pdf", args=[world.certificate.pk]), "application/pdf"),
        (reverse("v1:me-statement") + "?format=csv", "text/csv"),
    ]
    for url, content_type in files:
        response = client.get(url)
        assert_safe_download(response, content_type)
        assert "no-store" in response["Cache-Control"], url


def test_every_admin_export_is_a_safe_download_and_inert_in_a_spreadsheet(client, world):
    register = world.register
    register.quarantine.create(line=9, reason="columns", raw='=HYPERLINK("http://evil.example","click")')
    client.force_login(world.staff[roles.FUND_OPERATOR])
    quarantine = client.get(reverse("admin:payments_register_quarantine", args=[register.pk]))
    assert_safe_download(quarantine, "text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(quarantine.streaming_content).decode()), delimiter=";"))
    assert ["9", "columns", '\'=HYPERLINK("http://evil.example","click")'] in rows
    export = client.post(
        reverse("admin:providers_providerlookup_export"),
        {"first": "2026-01-01", "last": "2026-12-31", "organisation": "", "reason": "check"},
    )
    assert_safe_download(export, "text/csv")
    client.force_login(world.staff[roles.CATALOGUE_EDITOR])
    rejected = client.get(reverse("admin:coverage_organisationimport_quarantine", args=[world.organisation_import.pk]))
    assert_safe_download(rejected, "text/csv")
