"""Fund staff's catalogue admin: roles, three languages with history, drafts and publishing, organisation import."""

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accounts import iin as iin_rules
from accounts.models import User
from coverage import admin as coverage_admin
from coverage import organisations
from coverage.models import Item, MedicalOrganisation, Package, Section
from coverage.services import CatalogueRefused, package_copy_as_draft, package_publish

pytestmark = pytest.mark.django_db

HEADER_LINE = ";".join(organisations.HEADER)
CHANGELIST = "admin:coverage_package_changelist"


@pytest.fixture(autouse=True)
def english(client):
    translation.activate("en")  # the pages under this language's URL prefix


def role_user(role: str) -> User:
    user = User.objects.create_user(role, password="x-Long-pass-2026", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(client):
    user = role_user("catalogue_editor")
    client.force_login(user)
    return user


@pytest.fixture
def auditor(client):
    user = role_user("auditor")
    client.force_login(user)
    return user


def unified_base() -> Package:
    """The open-ended 2026 version: its successor closes it."""
    return Package.objects.get(code="unified_base", version="2026")


def admin_form_data(response) -> dict:
    """What the browser would send back for an admin change page, unchanged (main form and inlines)."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms.extend(inline.formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def csv_upload(lines, name="organisations.csv", header=HEADER_LINE):
    return SimpleUploadedFile(name, ("\n".join([header, *lines]) + "\n").encode(), content_type="text/csv")


def org_row(bin_: str, *, kind="polyclinic") -> str:
    return f"{bin_};Емхана;Поликлиника;Polyclinic;astana;{kind};;true;primary_care"


def a_bin(serial: int) -> str:
    first = f"2001409{serial:04d}"
    return first + str(iin_rules.check_digit(first))


# --- roles, languages, history ----------------------------------------------------------------------------------


def test_catalogue_editor_edits_a_package_in_three_languages_and_sees_who_changed_it(client, editor):
    package = unified_base()
    url = reverse("admin:coverage_package_change", args=[package.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for field in ("name_kk", "name_ru", "name_en", "summary_en", "sections-0-name_ru"):
        assert f'name="{field}"' in html
    data = admin_form_data(page)
    data["name_en"] = "Unified package, basic part (edited)"
    data["sections-0-name_ru"] = "Специализированная амбулаторная помощь (правка)"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    package.refresh_from_db()
    assert package.name_en == "Unified package, basic part (edited)"
    assert package.name_kk and package.name_ru  # the other languages are kept
    section = package.sections.get()
    assert section.name_ru == "Специализированная амбулаторная помощь (правка)"
    assert package.history.first().history_user == editor
    assert section.history.first().history_user == editor

    history = client.get(reverse("admin:coverage_package_history", args=[package.pk]))
    assert history.status_code == 200
    assert "catalogue_editor" in history.content.decode()
    assert "Unified package, basic part (edited)" in history.content.decode()


@pytest.mark.parametrize(
    "name",
    ["package", "section", "item", "condition", "diseaselist", "disease", "change", "medicalorganisation"],
)
def test_every_catalogue_model_has_a_list_and_an_add_page_for_editors(client, editor, name):
    assert client.get(reverse(f"admin:coverage_{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:coverage_{name}_changelist"), {"q": "а"}).status_code == 200
    assert client.get(reverse(f"admin:coverage_{name}_add")).status_code == 200


def test_a_section_page_edits_its_items(client, editor):
    section = Section.objects.get(package__code="tmkkk", package__version="2024", code="primary_care")
    page = client.get(reverse("admin:coverage_section_change", args=[section.pk]))
    assert page.status_code == 200 and 'name="items-0-text_kk"' in page.content.decode()


def test_auditor_reads_everything_but_changes_nothing(client, auditor):
    package = unified_base()
    url = reverse("admin:coverage_package_change", args=[package.pk])
    assert client.get(reverse(CHANGELIST)).status_code == 200
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # the read-only view
    assert client.post(url, {"name_en": "Changed by an auditor"}).status_code == 403
    package.refresh_from_db()
    assert package.name_en != "Changed by an auditor"
    assert client.get(reverse("admin:coverage_package_history", args=[package.pk])).status_code == 200
    changelist = client.get(reverse(CHANGELIST)).content.decode()
    assert "copy_as_draft" not in changelist and 'value="publish"' not in changelist
    assert client.get(reverse("admin:coverage_package_add")).status_code == 403
    assert client.get(reverse("admin:coverage_medicalorganisation_import")).status_code == 403


def test_an_action_the_auditor_lacks_does_nothing(client, auditor):
    package = unified_base()
    before = Package.objects.count()
    response = client.post(
        reverse(CHANGELIST),
        {"action": "copy_as_draft", ACTION_CHECKBOX_NAME: [package.pk], "apply": "1", "version": "x",
         "valid_from": "2027-01-01"},
    )  # fmt: skip
    assert response.status_code in (200, 302)
    assert Package.objects.count() == before


def test_a_fund_operator_has_no_catalogue(client, staff_member):
    client.force_login(staff_member)
    assert client.get(reverse(CHANGELIST)).status_code == 403


# --- drafts and publishing (services) ---------------------------------------------------------------------------


def test_copy_as_draft_is_a_deep_unpublished_copy_in_every_language(editor):
    source = Package.objects.get(code="tmkkk", version="2024")
    draft = package_copy_as_draft(source, version="2027", valid_from=date(2027, 1, 1), by=editor)
    assert (draft.code, draft.version, draft.valid_from, draft.valid_to, draft.published) == (
        "tmkkk", "2027", date(2027, 1, 1), None, False,
    )  # fmt: skip
    assert (draft.name_kk, draft.name_ru, draft.name_en) == (source.name_kk, source.name_ru, source.name_en)
    assert draft.kind == source.kind and draft.summary_ru == source.summary_ru and draft.who_kk == source.who_kk

    def content(package):
        return [
            (s.code, s.group, s.order, s.name_kk, s.name_ru, s.name_en,
             [(i.order, i.text_kk, i.text_ru, i.text_en, i.condition_id, i.condition_note_en)
              for i in s.items.order_by("order")])
            for s in package.sections.order_by("order")
        ]  # fmt: skip

    assert content(draft) == content(source) and len(content(draft)) == 11
    assert Item.objects.filter(section__package=draft).count() == Item.objects.filter(section__package=source).count()
    assert not set(draft.sections.values_list("pk", flat=True)) & set(source.sections.values_list("pk", flat=True))
    assert draft not in Package.objects.in_force(date(2027, 6, 1))  # unpublished: citizens do not see it
    assert draft.history.get().history_user == editor
    source.refresh_from_db()
    assert source.published and source.version == "2024"  # the source is untouched


@pytest.mark.parametrize(
    ("version", "code"), [("2024", "version_taken"), ("  ", "version_empty"), ("x" * 17, "version_too_long")]
)
def test_copy_as_draft_refuses_a_bad_version_label(version, code):
    before = (Package.objects.count(), Section.objects.count(), Item.objects.count())
    with pytest.raises(CatalogueRefused) as refused:
        package_copy_as_draft(Package.objects.get(code="tmkkk", version="2024"), version=version,
                              valid_from=date(2027, 1, 1))  # fmt: skip
    assert refused.value.code == code
    assert (Package.objects.count(), Section.objects.count(), Item.objects.count()) == before


def test_publishing_closes_the_previous_version_the_day_before():
    previous = unified_base()
    draft = package_copy_as_draft(previous, version="2027", valid_from=date(2027, 3, 1))
    assert package_publish(draft) == previous
    previous.refresh_from_db()
    draft.refresh_from_db()
    assert draft.published and draft.valid_to is None
    assert previous.valid_to == date(2027, 2, 28)
    in_force = lambda day: list(Package.objects.in_force(day).filter(code="unified_base"))  # noqa: E731
    assert in_force(date(2027, 2, 28)) == [previous] and in_force(date(2027, 3, 1)) == [draft]


def test_publishing_keeps_an_earlier_end_of_the_previous_version():
    previous = Package.objects.get(code="tmkkk", version="2024")  # ends 31.12.2025
    draft = package_copy_as_draft(previous, version="2027", valid_from=date(2027, 1, 1))
    package_publish(draft)
    previous.refresh_from_db()
    assert previous.valid_to == date(2025, 12, 31)


@pytest.mark.parametrize("valid_from", [date(2026, 1, 1), date(2025, 6, 1)])
def test_publishing_refuses_a_version_not_after_the_previous_one(valid_from):
    previous = unified_base()
    draft = package_copy_as_draft(previous, version="2026b", valid_from=valid_from)
    with pytest.raises(CatalogueRefused) as refused:
        package_publish(draft)
    assert refused.value.code == "not_after_previous"
    draft.refresh_from_db()
    previous.refresh_from_db()
    assert not draft.published and previous.valid_to is None


def test_publishing_twice_is_refused():
    draft = package_copy_as_draft(unified_base(), version="2027", valid_from=date(2027, 1, 1))
    package_publish(draft)
    with pytest.raises(CatalogueRefused, match="already_published"):
        package_publish(draft)


# --- drafts and publishing (admin actions) ----------------------------------------------------------------------


def test_copy_as_draft_action_asks_for_the_version_and_date_then_makes_the_draft(client, editor):
    source = unified_base()
    before = Package.objects.count()
    changelist = client.get(reverse(CHANGELIST)).content.decode()
    assert 'value="copy_as_draft"' in changelist and 'value="publish"' in changelist
    ask = client.post(reverse(CHANGELIST), {"action": "copy_as_draft", ACTION_CHECKBOX_NAME: [source.pk]})
    assert ask.status_code == 200
    html = ask.content.decode()
    assert 'name="version"' in html and 'name="valid_from"' in html and "Copy as a new draft version" in html
    assert Package.objects.count() == before  # nothing yet

    taken = client.post(
        reverse(CHANGELIST),
        {"action": "copy_as_draft", ACTION_CHECKBOX_NAME: [source.pk], "apply": "1", "version": "2026",
         "valid_from": "2027-03-01"},
    )  # fmt: skip
    assert "already has a version with that label" in taken.content.decode()
    assert Package.objects.count() == before

    done = client.post(
        reverse(CHANGELIST),
        {"action": "copy_as_draft", ACTION_CHECKBOX_NAME: [source.pk], "apply": "1", "version": "2027",
         "valid_from": "2027-03-01"},
    )  # fmt: skip
    draft = Package.objects.get(code="unified_base", version="2027")
    assert done.status_code == 302 and done.url == reverse("admin:coverage_package_change", args=[draft.pk])
    assert not draft.published and draft.valid_from == date(2027, 3, 1) and draft.sections.count() == 1
    assert draft.history.get().history_user == editor


def test_copy_as_draft_action_takes_one_package_at_a_time(client, editor):
    before = Package.objects.count()
    pks = list(Package.objects.values_list("pk", flat=True)[:2])
    response = client.post(reverse(CHANGELIST), {"action": "copy_as_draft", ACTION_CHECKBOX_NAME: pks}, follow=True)
    assert "Choose exactly one package version to copy." in response.content.decode()
    assert Package.objects.count() == before


def test_publish_action_shows_what_happens_then_publishes(client, editor):
    previous = unified_base()
    draft = package_copy_as_draft(previous, version="2027", valid_from=date(2027, 3, 1))
    ask = client.post(reverse(CHANGELIST), {"action": "publish", ACTION_CHECKBOX_NAME: [draft.pk]})
    assert ask.status_code == 200 and "ends on 28.02.2027" in ask.content.decode()
    draft.refresh_from_db()
    assert not draft.published  # only shown, not done

    done = client.post(
        reverse(CHANGELIST), {"action": "publish", ACTION_CHECKBOX_NAME: [draft.pk], "apply": "1"}, follow=True
    )
    assert "is in force until 28.02.2027" in done.content.decode()
    draft.refresh_from_db()
    previous.refresh_from_db()
    assert draft.published and previous.valid_to == date(2027, 2, 28)
    assert previous.history.first().history_user == editor


def test_publish_action_reports_a_refusal_and_changes_nothing(client, editor):
    previous = unified_base()
    early = package_copy_as_draft(previous, version="2025", valid_from=date(2025, 1, 1))
    ask = client.post(reverse(CHANGELIST), {"action": "publish", ACTION_CHECKBOX_NAME: [early.pk]})
    assert "Not published:" in ask.content.decode()
    done = client.post(
        reverse(CHANGELIST), {"action": "publish", ACTION_CHECKBOX_NAME: [early.pk], "apply": "1"}, follow=True
    )
    assert "must come into force after the version published before it" in done.content.decode()
    early.refresh_from_db()
    previous.refresh_from_db()
    assert not early.published and previous.valid_to is None


def test_a_package_added_by_hand_starts_as_a_draft(client, editor):
    page = client.get(reverse("admin:coverage_package_add"))
    data = admin_form_data(page)
    data.update({"code": "pilot", "version": "1", "kind": "unified", "valid_from": "2027-01-01",
                 "name_kk": "Пилот", "name_ru": "Пилот", "name_en": "Pilot"})  # fmt: skip
    response = client.post(reverse("admin:coverage_package_add"), data)
    assert response.status_code == 302
    assert Package.objects.get(code="pilot").published is False


# --- organisation import page -----------------------------------------------------------------------------------


def test_editor_imports_organisations_and_downloads_the_rejected_rows(client, editor):
    changelist = reverse("admin:coverage_medicalorganisation_changelist")
    assert f'href="{changelist}import/"' in client.get(changelist).content.decode()
    good, bad = a_bin(1), a_bin(2)
    response = client.post(
        reverse("admin:coverage_medicalorganisation_import"),
        {"file": csv_upload([org_row(good), org_row(bad, kind="spa")])},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "unknown kind of organisation" in html and "Download the rejected rows (CSV)" in html
    summary = response.context["summary"]
    assert (summary.rows, summary.created, summary.rejected[0].line) == (2, 1, 3)
    org = MedicalOrganisation.objects.get()
    assert org.bin == good and org.history.get().history_user == editor

    download = client.get(response.context["download"])
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines == ["line;reason;message;raw", f'3;kind;unknown kind of organisation;"{org_row(bad, kind="spa")}"']


def test_the_quarantine_is_kept_with_its_import_for_staff_who_may_read_it(client, editor):
    from coverage.models import OrganisationImport

    response = client.post(
        reverse("admin:coverage_medicalorganisation_import"), {"file": csv_upload([org_row(a_bin(2), kind="spa")])}
    )
    url = response.context["download"]
    batch = OrganisationImport.objects.get()
    assert (batch.rows, batch.rejected, batch.uploaded_by) == (1, 1, editor)
    assert list(batch.quarantine.values_list("line", "reason")) == [(2, "kind")]
    body = client.get(url).content.decode("utf-8-sig").splitlines()
    assert body[0] == "line;reason;message;raw" and body[1].startswith("2;kind;")
    auditor = User.objects.create_user("aud", password="x-Long-pass-2026", is_staff=True)
    auditor.groups.add(Group.objects.get(name="auditor"))
    client.force_login(auditor)
    assert client.get(url).status_code == 200
    operator = User.objects.create_user("op", password="x-Long-pass-2026", is_staff=True)
    operator.groups.add(Group.objects.get(name="fund_operator"))  # payments work, no catalogue
    client.force_login(operator)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (csv_upload([org_row(a_bin(1))], header="iin;category;start;end"), "The first line is not the header"),
        (SimpleUploadedFile("o.csv", b""), "empty"),
        (SimpleUploadedFile("o.csv", (HEADER_LINE + "\n" + org_row(a_bin(1))).encode("cp1251")), "not UTF-8"),
        (SimpleUploadedFile("o.pdf", b"%PDF-1.4 ..."), "Only a CSV file"),
        (SimpleUploadedFile("o.csv", b"PK\x03\x04zip"), "Only a CSV file"),
    ],
)
def test_a_refused_upload_stores_nothing_and_says_why(client, editor, upload, message):
    response = client.post(reverse("admin:coverage_medicalorganisation_import"), {"file": upload})
    assert response.status_code == 200 and message in response.content.decode()
    assert not MedicalOrganisation.objects.exists()


def test_an_upload_over_20_mb_is_refused(client, editor, monkeypatch):
    monkeypatch.setattr(coverage_admin, "IMPORT_MAX_BYTES", 100)
    response = client.post(
        reverse("admin:coverage_medicalorganisation_import"), {"file": csv_upload([org_row(a_bin(1))] * 3)}
    )
    assert "larger than" in response.content.decode()
    assert not MedicalOrganisation.objects.exists()
