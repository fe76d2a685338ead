"""Medical organisations: the CSV import (service and command) and the public directory."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from accounts import iin as iin_rules
from coverage import organisation_views, organisations
from coverage.models import MedicalOrganisation, Section
from coverage.organisations import FileRefused, organisations_import

pytestmark = pytest.mark.django_db

HEADER_LINE = ";".join(organisations.HEADER)
DEMO_ROWS = organisations.DEMO.read_text(encoding="utf-8").splitlines()[1:]
POLYCLINIC_4 = "980340990451"  # Astana, polyclinic, supplier; primary_care|outpatient_specialised|...


def a_bin(serial: int) -> str:
    """A valid BIN: YYMM, 4 (legal entity), 0, 99, three digits, check digit (as the demo file's)."""
    first = f"2001409{serial:04d}"
    check = iin_rules.check_digit(first)
    if check is None:
        return a_bin(serial + 5000)
    return first + str(check)


def bad_check_digit(number: str) -> str:
    return number[:11] + str((int(number[11]) + 1) % 10)


def row(bin_: str, *, kk="Емхана (демо)", ru="Поликлиника (демо)", en="Polyclinic, Demo", region="astana",
        kind="polyclinic", address="Астана, демо", supplier="true",
        provides="primary_care|medicines") -> str:  # fmt: skip
    return ";".join([bin_, kk, ru, en, region, kind, address, supplier, provides])


def write(tmp_path, lines, *, name="organisations.csv", header=HEADER_LINE, bom=False):
    path = tmp_path / name
    text = "\n".join([header, *lines]) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


@pytest.fixture
def demo():
    return organisations.load_demo()


# --- import ---------------------------------------------------------------------------------------------------


def test_the_demo_file_imports_30_organisations_and_again_changes_nothing():
    first = organisations.load_demo()
    assert (first.rows, first.created, first.updated, first.unchanged, first.rejected) == (30, 30, 0, 0, [])
    assert MedicalOrganisation.objects.count() == 30
    org = MedicalOrganisation.objects.get(bin=POLYCLINIC_4)
    assert (org.name_kk, org.name_ru, org.name_en) == (
        "№4 қалалық емхана (демо)", "Городская поликлиника №4 (демо)", "City Polyclinic No. 4, Demo",
    )  # fmt: skip
    assert org.region == "astana" and org.kind == "polyclinic" and org.is_fund_supplier and org.active
    assert org.provides == ["primary_care", "outpatient_specialised", "day_hospital", "medicines"]
    assert org.history.count() == 1 and org.history.get().history_change_reason == "demo"

    again = organisations.load_demo()
    assert (again.rows, again.created, again.updated, again.unchanged, again.rejected) == (30, 0, 0, 30, [])
    assert MedicalOrganisation.objects.count() == 30
    assert org.history.count() == 1  # nothing written, so no new history either


def test_bad_rows_are_rejected_with_line_and_reason_while_good_rows_land(tmp_path):
    good, other = a_bin(1), a_bin(2)
    path = write(
        tmp_path,
        [
            row(good),  # line 2
            row(bad_check_digit(a_bin(3))),  # 3
            row(a_bin(4), region="atlantis"),  # 4
            row(a_bin(5), kind="spa"),  # 5
            row(a_bin(6), provides="primary_care|massage"),  # 6
            row(a_bin(7), ru=""),  # 7
            row(a_bin(8), en="x" * 256),  # 8
            row(a_bin(9), supplier="yes"),  # 9
            row(good, en="Second line for the same BIN"),  # 10
            "only;three;fields",  # 11
            "",  # blank lines are skipped, not rejected
            row(other, supplier="FALSE", provides=""),  # 13
        ],
    )
    summary = organisations_import(path)
    assert [(r.line, r.reason) for r in summary.rejected] == [
        (3, "bin"), (4, "region"), (5, "kind"), (6, "provides"), (7, "name_empty"), (8, "name_too_long"),
        (9, "is_fund_supplier"), (10, "duplicate"), (11, "columns"),
    ]  # fmt: skip
    assert summary.rejected[1].raw == row(a_bin(4), region="atlantis")
    with translation.override("en"):
        assert summary.rejected[0].label == "BIN is not 12 digits with a valid check digit"
    assert (summary.rows, summary.created, summary.updated, summary.unchanged) == (11, 2, 0, 0)
    assert set(MedicalOrganisation.objects.values_list("bin", flat=True)) == {good, other}
    assert MedicalOrganisation.objects.get(bin=good).name_en == "Polyclinic, Demo"  # the first line won
    assert MedicalOrganisation.objects.get(bin=other).is_fund_supplier is False
    assert MedicalOrganisation.objects.get(bin=other).provides == []


def test_a_changed_row_updates_only_that_organisation_and_keeps_editors_choices(tmp_path, demo):
    MedicalOrganisation.objects.filter(bin=POLYCLINIC_4).update(active=False)
    lines = [line.replace("City Polyclinic No. 4, Demo", "City Polyclinic No. 4 (renamed), Demo") for line in DEMO_ROWS]
    summary = organisations_import(write(tmp_path, lines))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 29)
    org = MedicalOrganisation.objects.get(bin=POLYCLINIC_4)
    assert org.name_en == "City Polyclinic No. 4 (renamed), Demo" and org.name_ru == "Городская поликлиника №4 (демо)"
    assert org.active is False  # the file has no `active` column: a hidden organisation stays hidden
    assert org.history.count() == 2 and org.history.first().name_en == "City Polyclinic No. 4 (renamed), Demo"


def test_a_bom_and_trailing_empty_cells_are_accepted(tmp_path):
    path = write(tmp_path, [row(a_bin(1)) + ";;"], header=HEADER_LINE + ";;", bom=True)
    summary = organisations_import(path)
    assert summary.created == 1 and summary.rejected == []


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (HEADER_LINE.encode() + b"\n", "empty"),
        (b"\n\n", "empty"),
        (b"bin;name;region\n" + b"980340990451;x;astana\n", "header"),
        (HEADER_LINE.replace(";", ",").encode() + b"\n", "header"),
        ((HEADER_LINE + "\n" + row(POLYCLINIC_4)).encode("cp1251"), "encoding"),
        (b"\x89PNG\r\n\x1a\n\0\0\0IHDR", "encoding"),
        ((HEADER_LINE + "\n").encode() + b"980340990451;\0;x\n", "format"),
    ],
)
def test_a_refused_file_stores_nothing(tmp_path, content, code):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(FileRefused) as refused:
        organisations_import(path)
    assert refused.value.code == code and refused.value.message
    assert not MedicalOrganisation.objects.exists()


def test_a_bad_byte_after_good_rows_refuses_the_whole_file(tmp_path):
    good = "\n".join([HEADER_LINE, *DEMO_ROWS * 20]).encode() + b"\n"  # far past the reader's first chunk
    path = tmp_path / "late.csv"
    path.write_bytes(good + "Емхана".encode("cp1251") + b";x\n")
    with pytest.raises(FileRefused, match="encoding"):
        organisations_import(path)
    assert not MedicalOrganisation.objects.exists()


def test_an_error_while_writing_leaves_nothing_half_written(tmp_path, demo, monkeypatch):
    lines = [*DEMO_ROWS, row(a_bin(1))]  # one new organisation, then the update of another fails
    lines[0] = lines[0].replace("City Polyclinic No. 4, Demo", "Renamed")

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(organisations, "bulk_update_with_history", broken)
    with pytest.raises(RuntimeError):
        organisations_import(write(tmp_path, lines))
    assert MedicalOrganisation.objects.count() == 30  # the new row was rolled back with the failed update
    assert MedicalOrganisation.objects.get(bin=POLYCLINIC_4).name_en == "City Polyclinic No. 4, Demo"


def test_the_rejected_rows_as_csv_cannot_run_as_formulas():
    with translation.override("en"):
        text = organisations.rejected_csv([organisations.Rejected(2, "bin", "=HYPERLINK(1);x")])
    assert text.splitlines() == [
        "line;reason;message;raw",
        '2;bin;BIN is not 12 digits with a valid check digit;"\'=HYPERLINK(1);x"',
    ]


def test_the_command_prints_the_summary_and_the_rejected_lines(tmp_path):
    path = write(tmp_path, [row(a_bin(1)), row(a_bin(2), kind="spa")])
    out, err = StringIO(), StringIO()
    call_command("import_organisations", str(path), stdout=out, stderr=err)
    assert json.loads(out.getvalue()) == {"rows": 2, "created": 1, "updated": 0, "unchanged": 0, "rejected": 1}
    assert err.getvalue().splitlines() == [f"line 3: kind: unknown kind of organisation: {row(a_bin(2), kind='spa')}"]

    out = StringIO()
    call_command("import_organisations", str(path), stdout=out, stderr=StringIO())
    assert json.loads(out.getvalue())["unchanged"] == 1


def test_the_command_refuses_a_wrong_file_with_an_error(tmp_path):
    path = write(tmp_path, [row(a_bin(1))], header="iin;category;start;end")
    with pytest.raises(CommandError, match="refused: The first line is not the header"):
        call_command("import_organisations", str(path), stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_organisations", str(tmp_path / "missing.csv"))
    assert not MedicalOrganisation.objects.exists()


# --- public directory -------------------------------------------------------------------------------------------


def page(client, lang="en", **params):
    translation.activate(lang)  # the pages under this language's URL prefix
    response = client.get(reverse("organisations:list"), params)
    assert response.status_code == 200
    return response


def bins(response) -> list[str]:
    return [org.bin for org in response.context["organisations"]]


def test_the_directory_shows_25_a_page_and_hides_inactive_organisations(client, demo):
    MedicalOrganisation.objects.filter(bin=POLYCLINIC_4).update(active=False)
    first = page(client)
    assert first.context["page"].paginator.count == 29 and len(bins(first)) == 25
    second = page(client, page=2)
    assert len(bins(second)) == 4 and not set(bins(first)) & set(bins(second))
    assert POLYCLINIC_4 not in bins(first) + bins(second)
    assert "29 organisations found." in first.content.decode()
    assert 'href="?page=2"' in first.content.decode()
    assert bins(page(client, page="999")) == bins(second)  # past the end: the last page, not an error
    assert bins(page(client, page="abc")) == bins(first)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "astana"}, 4),
        ({"kind": "hospital"}, 7),
        ({"supplier": "no"}, 4),
        ({"supplier": "yes"}, 26),
        ({"region": "almaty_city", "supplier": "no"}, 1),
        ({"region": "astana", "kind": "dental"}, 0),
        ({"region": "atlantis"}, 30),  # not a choice: ignored, never an error page
    ],
)
def test_filters(client, demo, params, expected):
    response = page(client, **params)
    assert response.context["page"].paginator.count == expected
    orgs = MedicalOrganisation.objects.filter(bin__in=bins(response))
    if "region" in params and params["region"] != "atlantis":
        assert set(orgs.values_list("region", flat=True)) <= {params["region"]}
    if "supplier" in params:
        assert set(orgs.values_list("is_fund_supplier", flat=True)) <= {params["supplier"] == "yes"}


def test_filters_are_kept_in_the_page_links(client, demo):
    response = page(client, supplier="yes", kind="")
    assert 'href="?supplier=yes&amp;page=2"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("City Polyclinic No. 4", {POLYCLINIC_4}),  # English
        ("городская поликлиника №4", {POLYCLINIC_4}),  # Russian, whatever the case
        ("ҚАЛАЛЫҚ ЕМХАНА", None),  # Kazakh, in capitals
        ("  polyclinic no. 4  ", {POLYCLINIC_4}),
        ("no such clinic", set()),
    ],
)
def test_search_by_name_in_any_language(client, demo, query, expected):
    found = set(bins(page(client, q=query)))
    if expected is None:
        assert POLYCLINIC_4 in found and len(found) > 1
    else:
        assert found == expected


def test_search_text_is_trimmed_and_never_an_error(client, demo):
    response = page(client, q="Polyclinic" + "x" * 500)
    assert response.context["form"]["q"].value() == ("Polyclinic" + "x" * 500)[:100]
    assert page(client, q="poly\x00clinic").context["page"].paginator.count == 0
    assert page(client, q="%_'\";--").context["page"].paginator.count == 0


def test_the_filter_form_works_without_javascript(client, demo):
    html = page(client).content.decode()
    assert f'<form method="get" action="{reverse("organisations:list")}"' in html
    for name in ("q", "region", "kind", "supplier"):
        assert f'<label class="form-label" for="id_{name}">' in html
    assert '<option value="astana">Astana (city)</option>' in html
    assert '<option value="no">Not suppliers of the fund</option>' in html


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("en", ["City Polyclinic No. 4, Demo", "Astana (city)", "Polyclinic", "Primary health care (PHC)",
                "Supplier of the fund"]),
        ("ru", ["Городская поликлиника №4 (демо)", "город Астана", "Поликлиника",
                "Первичная медико-санитарная помощь"]),
        ("kk", ["№4 қалалық емхана (демо)", "Астана қаласы", "Емхана"]),
    ],
)  # fmt: skip
def test_the_directory_and_the_detail_page_speak_the_visitors_language(client, demo, lang, texts):
    listing = page(client, lang, region="astana").content.decode()
    translation.activate(lang)  # the pages under this language's URL prefix
    detail = client.get(reverse("organisations:detail", args=[POLYCLINIC_4]))
    assert detail.status_code == 200
    for text in texts:
        assert text in listing and text in detail.content.decode()


def test_the_supplier_badge_is_text(client, demo):
    non_supplier = MedicalOrganisation.objects.filter(is_fund_supplier=False).first()
    translation.activate("en")  # the pages under this language's URL prefix
    html = client.get(reverse("organisations:detail", args=[non_supplier.bin])).content.decode()
    assert "Not a supplier of the fund" in html


def test_section_names_come_from_the_version_in_force():
    with translation.override("kk"):
        names_2021 = organisation_views.section_names(on=date(2021, 6, 1))
        names_2026 = organisation_views.section_names(on=date(2026, 6, 1))
    assert names_2021["primary_care"] == "Бастапқы медициналық-санитарлық көмек (БМСК)"  # the 2020 leaflet
    assert names_2026["primary_care"] == "Медициналық-санитариялық алғашқы көмек (МСАК)"  # the latest, 2024
    unified = Section.objects.get(package__code="unified_base", code="outpatient_specialised")
    assert names_2026["outpatient_specialised"] == unified.name_kk


@pytest.mark.parametrize("number", ["000000000000", "not-a-bin", POLYCLINIC_4])
def test_detail_is_404_for_unknown_or_inactive(client, demo, number):
    MedicalOrganisation.objects.filter(bin=POLYCLINIC_4).update(active=False)
    assert client.get(reverse("organisations:detail", args=[number])).status_code == 404
