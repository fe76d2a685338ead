"""The catalogue pages: packages in force, one version, the comparison, what changes in 2026, and search."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from coverage import selectors
from coverage.models import Disease, Package

pytestmark = pytest.mark.django_db

LANGUAGES = ["kk", "ru", "en"]


def page(client, url, *, language="en", **params) -> str:
    """The page at `url` (reversed in any language) in `language`: the same path under that language's prefix."""
    translation.activate(language)
    path = re.sub(r"^/(ru|en)/", "/", str(url))
    response = client.get(path if language == "kk" else f"/{language}{path}", params)
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def rows(text: str) -> dict[str, tuple[str, str]]:
    """{section group: (left cell, right cell)} of the first side-by-side table on a page."""
    table = text.split('<table class="table table-bordered align-top compare-table">', 1)[1].split("</table>", 1)[0]
    out = {}
    for group, body in re.findall(r'<tr data-group="([\w-]+)">(.*?)</tr>', table, flags=re.S):
        cells = re.findall(r"<td>(.*?)</td>", body, flags=re.S)
        assert len(cells) == 2, group
        out[group] = (cells[0], cells[1])
    return out


# --- every page in every language ----------------------------------------------------------------------


def _tmkkk_2024():
    return Package.objects.get(code="tmkkk", version="2024")


def _unified_base():
    return Package.objects.get(code="unified_base", version="2026")


def _epilepsy():
    return Disease.objects.get(icd10="G40")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("name", "args", "params", "shown"),
    [
        ("coverage:catalogue", [], {"on": "2024-06-01"}, _tmkkk_2024),
        ("coverage:package", ["tmkkk", "2024"], {}, _tmkkk_2024),
        ("coverage:compare", [], {"year": "2024"}, _tmkkk_2024),
        ("coverage:changes_2026", [], {}, _unified_base),
        ("coverage:search", [], {"q": "G40"}, _epilepsy),
    ],
)
def test_every_page_renders_in_the_active_language(client, language, name, args, params, shown):
    text = page(client, reverse(name, args=args), language=language, **params)
    assert f'<html lang="{language}">' in text
    row = shown()
    assert getattr(row, f"name_{language}") in text  # the catalogue's texts follow the page's language
    for other in set(LANGUAGES) - {language}:
        if getattr(row, f"name_{other}") != getattr(row, f"name_{language}"):  # Эпилепсия is kk and ru
            assert getattr(row, f"name_{other}") not in text


def test_kazakh_is_the_default_language(client):
    response = client.get(reverse("coverage:catalogue"), {"on": "2024-06-01"})
    text = html.unescape(response.content.decode())
    assert '<html lang="kk">' in text
    assert Package.objects.get(code="osms", version="2024").name_kk in text


# --- /catalogue/ ----------------------------------------------------------------------------------------


def test_catalogue_shows_the_packages_in_force_today(client, time_machine):
    time_machine.move_to("2024-06-01 12:00+05:00")
    text = page(client, reverse("coverage:catalogue"))
    assert "In force today, 1 June 2024" in text
    in_force = text.split("In force today", 1)[1].split("All versions", 1)[0]
    assert "Guaranteed volume of free medical care (GOBMP)" in in_force
    assert "Compulsory social health insurance (OSMS) package" in in_force
    assert "Unified package" not in in_force
    assert reverse("coverage:package", args=["tmkkk", "2024"]) + "#tmkkk-treatment_abroad" in in_force


def test_catalogue_shows_another_day_by_date_and_links_every_version(client, time_machine):
    time_machine.move_to("2024-06-01 12:00+05:00")
    text = page(client, reverse("coverage:catalogue"), on="2026-02-01")
    in_force = text.split("In force on 1 February 2026", 1)[1].split("All versions", 1)[0]
    assert "Unified package: base part" in in_force and "Unified package: insurance part" in in_force
    assert "Our sources list only what changes." in in_force
    assert "(GOBMP) — new 2020 model" not in in_force
    for package in Package.objects.all():
        assert reverse("coverage:package", args=[package.code, package.version]) in text
    assert "?on=2020-01-01" in text and "?on=2024-01-01" in text


@pytest.mark.parametrize("bad", ["junk", "2024-13-45", "99999-01-01", "", "2024-06-01'--"])
def test_catalogue_with_a_bad_date_falls_back_to_today(client, time_machine, bad):
    time_machine.move_to("2024-06-01 12:00+05:00")
    text = page(client, reverse("coverage:catalogue"), on=bad)
    assert "In force today, 1 June 2024" in text


def test_catalogue_on_a_day_before_every_version(client):
    text = page(client, reverse("coverage:catalogue"), on="2010-01-01")
    assert "No package in our sources was in force on this day." in text


# --- /catalogue/<code>/<version>/ ---------------------------------------------------------------------------


def test_package_page_lists_sections_in_order_with_conditions_and_who(client):
    text = page(client, reverse("coverage:package", args=["tmkkk", "2024"]))
    package = Package.objects.get(code="tmkkk", version="2024")
    names = [s.name_en for s in package.sections.order_by("order")]
    positions = [text.index(f"{n}. {name}</h3>") for n, name in enumerate(names, start=1)]
    assert positions == sorted(positions) and len(names) == 11
    assert "Everyone, regardless of insurance status" in text  # the condition label
    assert "Mobile team services: for all persons regardless of insurance status" in text  # its note
    assert "Who may receive it" in text and package.who_en in text
    assert "Our sources list only what changes." not in text


def test_incomplete_package_says_the_sources_list_only_changes(client):
    text = page(client, reverse("coverage:package", args=["unified_insurance", "2026"]))
    assert "Our sources list only what changes." in text
    assert "Chronic diseases in the OSMS package — from 1 January 2026" in text  # its disease list
    assert "Rheumatism" in text


def test_before_2026_list_is_not_filed_under_the_insurance_package(client):
    """The seeds put the 25 groups under ТМККК before 2026; the OSMS page must not suggest they needed insurance."""
    text = page(client, reverse("coverage:package", args=["osms", "2024"]))
    assert "Chronic diseases under dynamic observation — before 2026" not in text


@pytest.mark.parametrize(("code", "version"), [("tmkkk", "1999"), ("nothing", "2024"), ("tmkkk", "2024x")])
def test_unknown_package_version_is_404(client, code, version):
    assert client.get(reverse("coverage:package", args=[code, version])).status_code == 404


def test_unpublished_version_is_404_and_not_listed(client):
    Package.objects.filter(code="osms", version="2024").update(published=False)
    assert client.get(reverse("coverage:package", args=["osms", "2024"])).status_code == 404
    text = page(client, reverse("coverage:catalogue"), on="2024-06-01")
    assert reverse("coverage:package", args=["osms", "2024"]) not in text


# --- /catalogue/compare/ -------------------------------------------------------------------------------


def test_compare_aligns_sections_by_group_for_2024_by_default(client):
    text = page(client, reverse("coverage:compare"))
    table = rows(text)
    tmkkk = [s.group or s.code for s in Package.objects.get(code="tmkkk", version="2024").sections.all()]
    assert list(table)[: len(tmkkk)] == tmkkk  # ТМККК's order first
    left, right = table["inpatient"]  # one ТМККК section against МӘМС's planned and emergency ones
    assert "#tmkkk-inpatient" in left
    assert "#osms-inpatient_planned" in right and "#osms-inpatient_emergency" in right
    left, right = table["outpatient_specialised"]
    assert "#tmkkk-outpatient_specialised" in left and "#osms-outpatient_specialised" in right
    left, right = table["emergency"]  # ТМККК only
    assert "#tmkkk-emergency" in left and "—" in right and "href" not in right
    left, right = table["posthumous_donor"]  # МӘМС only
    assert "—" in left and "href" not in left and "#osms-posthumous_donor" in right
    assert len(table) == 12


def test_compare_2026_puts_the_base_part_against_the_insurance_part(client):
    text = page(client, reverse("coverage:compare"), year="2026")
    table = rows(text)
    left, right = table["outpatient_specialised"]
    assert "#unified_base-outpatient_specialised" in left and "#unified_insurance-outpatient_specialised" in right
    assert "Our sources list only what changes." in text


def test_compare_2020_model(client):
    table = rows(page(client, reverse("coverage:compare"), year="2020"))
    assert "#tmkkk-palliative" in table["palliative"][0] and "—" in table["palliative"][1]
    assert "#osms-inpatient_planned" in table["inpatient"][1]


@pytest.mark.parametrize("year", ["1999", "abc", "<script>", ""])
def test_compare_with_a_bad_year_shows_2024(client, year):
    translation.activate("en")  # the pages under this language's URL prefix
    response = client.get(reverse("coverage:compare"), {"year": year})
    assert response.status_code == 200
    text = response.content.decode()
    assert "#osms-posthumous_donor" in text and "Sections of the 2024 versions" in text
    assert "<script>" not in text.split("<main", 1)[1]


def test_align_puts_sections_of_a_group_on_one_row():
    tmkkk = selectors.package_version("tmkkk", "2024")
    osms = selectors.package_version("osms", "2024")
    by_group = {row.group: row for row in selectors.align(tmkkk, osms)}
    assert [s.code for s in by_group["inpatient"].right] == ["inpatient_planned", "inpatient_emergency"]
    assert by_group["inpatient"].both and not by_group["treatment_abroad"].both


# --- /catalogue/changes-2026/ --------------------------------------------------------------------------


def test_changes_2026_compares_2024_with_the_unified_parts(client):
    text = page(client, reverse("coverage:changes_2026"))
    assert "Our sources list only what changes in 2026." in text
    sections = text.split('id="sections"', 1)[1]
    first, second = sections.split("compare-table", 2)[1:3]
    assert "Guaranteed volume of free medical care (GOBMP) (2024) → Unified package: base part" in sections
    assert "Compulsory social health insurance (OSMS) package (2024) → Unified package: insurance part" in sections
    table = rows(text.split('id="sections"', 1)[1])
    left, right = table["treatment_abroad"]
    assert "#tmkkk-treatment_abroad" in left and "not in our sources" in right  # never "removed"
    left, right = table["outpatient_specialised"]
    assert "#tmkkk-outpatient_specialised" in left and "#unified_base-outpatient_specialised" in right
    assert "removed" not in first.replace("not necessarily been removed", "")


def test_changes_2026_shows_the_disease_lists_and_what_moved(client):
    text = page(client, reverse("coverage:changes_2026"))
    moved = text.split('id="moved"', 1)[1].split('id="lists"', 1)[0]
    assert "Epilepsy (G40)" in moved and "Chronic viral hepatitis B" in moved
    assert "Added to the chronic disease list" in moved and "Rheumatism" in moved
    assert "Arterial hypertension" not in moved
    lists = text.split('id="lists"', 1)[1].split('id="sections"', 1)[0]
    for name in (
        "Chronic diseases under dynamic observation — before 2026",
        "Chronic diseases in the OSMS package — from 1 January 2026",
        "Socially significant diseases under GOBMP — moved there from 2026",
    ):
        assert name in lists
    epilepsy_row = re.search(r"<tr>\s*<th scope=\"row\"[^>]*>Epilepsy</th>(.*?)</tr>", lists, flags=re.S).group(1)
    assert re.findall(r"visually-hidden\">(listed|not listed)<", epilepsy_row) == ["listed", "not listed", "listed"]
    assert "moved to GOBMP" in epilepsy_row


def test_changes_2026_lists_the_dated_changes(client):
    text = page(client, reverse("coverage:changes_2026"))
    dated = text.split('id="dated"', 1)[1].split('id="moved"', 1)[0]
    assert dated.count('<time datetime="2026-01-01"') == 6
    assert "Rheumatism is added to the chronic disease list." in dated
    assert "Earlier changes" in text and '<time datetime="2018-07-01"' in text


def test_disease_rows_say_what_happened():
    _, table = selectors.disease_lists_2026()
    changes = {row.disease.name_en: row.change for row in table}
    assert changes["Epilepsy"] == "moved" and changes["Rheumatism"] == "added"
    assert changes["Arterial hypertension"] == "stays"
    assert len(table) == 26


# --- /catalogue/search/ ----------------------------------------------------------------------------------


def results(text: str, group: str) -> str:
    """The part of a search page under one result group heading (Diseases, Sections, Services)."""
    marker = f'id="{group}-title"'
    return text.split(marker, 1)[1].split("</section>", 1)[0] if marker in text else ""


@pytest.mark.parametrize(
    ("query", "group", "expected"),
    [
        ("Туберкулезбен", "items", "For patients with tuberculosis"),  # Kazakh (only the kk column has it)
        ("туберкулезбен", "items", "For patients with tuberculosis"),  # Kazakh, lower case
        ("оңалту", "sections", "Medical rehabilitation"),  # Kazakh section name
        ("бактерионосителей", "items", "bacteria carriers"),  # Russian
        ("РЕАБИЛИТАЦИЯ", "sections", "Medical rehabilitation"),  # Russian, upper case
        ("aviation", "items", "medical aviation (air ambulance)"),  # English
        ("Blood components", "items", "Provision of blood products"),  # two words, both must match
        ("эпилепсия", "diseases", "Epilepsy"),  # a disease, in Russian
        ("ревматизм", "diseases", "Rheumatism"),
    ],
)
def test_search_by_word_in_each_language(client, query, group, expected):
    text = page(client, reverse("coverage:search"), q=query)
    assert expected in results(text, group), query


def test_search_results_name_package_and_section(client):
    text = page(client, reverse("coverage:search"), q="aviation")
    found = results(text, "items")
    assert "Guaranteed volume of free medical care (GOBMP) (2024)" in found
    assert reverse("coverage:package", args=["tmkkk", "2024"]) + "#tmkkk-emergency" in found


def test_search_needs_every_word(client):
    text = page(client, reverse("coverage:search"), q="blood xyzzyq")
    assert "Nothing found for “blood xyzzyq”." in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("G40", "Epilepsy"),
        ("g40", "Epilepsy"),
        ("B18", "Chronic viral hepatitis B"),
        ("B18.1", "Chronic viral hepatitis B"),  # via icd10_includes
        ("b18.2", "Chronic viral hepatitis B"),
        ("В18", "Chronic viral hepatitis B"),  # with a Cyrillic В, as seed 003 prints it
    ],
)
def test_search_by_icd10_code(client, query, expected):
    text = page(client, reverse("coverage:search"), q=query)
    found = results(text, "diseases")
    assert expected in found
    assert "Socially significant diseases under GOBMP — moved there from 2026" in found  # with its lists


@pytest.mark.parametrize("query", ["Z99", "B18.9", "G41"])
def test_unknown_icd10_code_answers_nothing_found_with_a_hint(client, query):
    text = page(client, reverse("coverage:search"), q=query)
    assert f"Nothing found for “{query}”." in text
    assert "Our lists give ICD-10 codes only where our sources print them: B18, G40." in text
    assert not results(text, "diseases")


def test_code_excluded_from_a_group_is_not_found_in_it(client):
    text = page(client, reverse("coverage:search"), q="K74")
    assert "Nothing found for “K74”." in text
    assert "K74 is excluded from “Liver diseases (except K74)”." in text


@pytest.mark.parametrize(
    "query",
    ["", "   ", "%", "_", "%%__", "a", "\x00", "x\x00y", "'; DROP TABLE coverage_item; --", "\\", "\u200b",
     "😀😀", "<script>alert(1)</script>", "G40" + "\x00", "..", "B18.", "?q=&on="],
)  # fmt: skip
def test_odd_queries_never_fail(client, query):
    translation.activate("en")  # the pages under this language's URL prefix
    response = client.get(reverse("coverage:search"), {"q": query})
    assert response.status_code == 200
    text = response.content.decode()
    assert "<script>alert(1)</script>" not in text


def test_empty_query_asks_for_a_word(client):
    text = page(client, reverse("coverage:search"), q="  ")
    assert "Type at least two letters of a word, or an ICD-10 code such as G40." in text
    assert "Nothing found" not in text


def test_search_page_without_a_query_invites_one(client):
    text = page(client, reverse("coverage:search"))
    assert "Search works in Kazakh, Russian and English" in text and "Type at least two letters" not in text


def test_a_very_long_query_is_trimmed_and_answered(client):
    text = page(client, reverse("coverage:search"), q="aviation " + "x" * 10_000)
    main = text.split('<main id="main"', 1)[1]  # (the header's language switch carries the whole address)
    assert "we searched for its first 100 characters" in main
    assert "x" * 91 in main and "x" * 92 not in main  # "aviation " and 91 x's: the first 100 characters
    assert "medical aviation (air ambulance)" not in main  # every word must match, and x…x matches nothing


def test_parse_query_trims_and_cleans():
    query = selectors.parse_query("  Blood\tcomponents\x00, « blood » " + "y" * 500)
    assert query.trimmed and len(query.text) <= selectors.MAX_QUERY
    assert query.words[:2] == ["Blood", "components"] and "blood" in query.words
    assert selectors.parse_query("g40.1").code == "G40.1"
    assert selectors.parse_query("G4O").code is None  # a letter O, not a zero
    assert selectors.parse_query("G40 epilepsy").code is None


@pytest.mark.parametrize("code", ["B18", "B18.0", "B18.1", "B18.2", "B18.8"])
def test_code_lookup_uses_the_included_codes(code):
    """The hepatitis name mentions its codes too; the lookup must find it by `icd10_includes` alone."""
    found, excluded = selectors.diseases_with_code(code)
    assert [d.icd10 for d in found] == ["B18"] and not excluded
    assert selectors.diseases_with_code("B18.9") == ([], [])
