"""The catalogue and organisation API: public, read-only, paginated, in the language of Accept-Language."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from coverage import organisation_views, organisations
from coverage.models import Disease, MedicalOrganisation, Package, Section

pytestmark = pytest.mark.django_db

POLYCLINIC_4 = "980340990451"  # Astana, polyclinic, supplier (the demo file's first row)


@pytest.fixture
def demo():
    return organisations.load_demo()


def get(client, name, *args, language=None, **params):
    extra = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = client.get(reverse(name, args=args), params, **extra)
    assert response["Content-Type"] == "application/json"
    return response


# --- packages ---------------------------------------------------------------------------------------------------


def test_packages_list_every_published_version_in_pages(client):
    Package.objects.filter(code="osms", version="2020").update(published=False)
    answer = get(client, "v1:packages").json()
    assert set(answer) == {"count", "next", "previous", "results"}
    assert answer["count"] == 5
    assert [(p["code"], p["version"]) for p in answer["results"]][:2] == [("tmkkk", "2020"), ("osms", "2024")]


def test_packages_in_force_today_or_on_a_day(client):
    with time_machine.travel("2024-06-01 12:00+05:00", tick=False):
        today = get(client, "v1:packages", in_force="true").json()["results"]
        assert {(p["code"], p["version"]) for p in today} == {("tmkkk", "2024"), ("osms", "2024")}
        assert all(p["in_force"] for p in today)
        others = get(client, "v1:packages", in_force="false").json()["results"]
        assert len(others) == 4 and not any(p["in_force"] for p in others)
    later = get(client, "v1:packages", on="2026-03-01").json()["results"]
    assert {p["code"] for p in later} == {"unified_base", "unified_insurance"}


@pytest.mark.parametrize(("params", "field"), [({"on": "2026-13-01"}, "on"), ({"in_force": "perhaps"}, "in_force")])
def test_packages_refuse_a_bad_filter(client, params, field):
    response = get(client, "v1:packages", **params)
    assert response.status_code == 400 and field in response.json()["error"]["fields"]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_texts_follow_accept_language(client, language):
    package = Package.objects.get(code="tmkkk", version="2024")
    answer = get(client, "v1:package", "tmkkk", "2024", language=language).json()
    assert answer["name"] == getattr(package, f"name_{language}")
    assert answer["sections"][0]["name"] == getattr(package.sections.order_by("order").first(), f"name_{language}")


def test_kazakh_is_the_default_language(client):
    package = Package.objects.get(code="tmkkk", version="2024")
    assert get(client, "v1:package", "tmkkk", "2024").json()["name"] == package.name_kk


def test_a_package_version_with_its_sections(client):
    answer = get(client, "v1:package", "osms", "2024", language="en").json()
    assert answer["code"] == "osms" and answer["kind"] == "osms" and answer["valid_to"] == "2025-12-31"
    orders = [s["order"] for s in answer["sections"]]
    assert (
        orders == sorted(orders)
        and len(orders) == Section.objects.filter(package__code="osms", package__version="2024").count()
    )


def test_sections_and_items_with_their_conditions(client):
    package = Package.objects.get(code="osms", version="2024")
    answer = get(client, "v1:package-sections", "osms", "2024", language="ru").json()
    assert answer["count"] == package.sections.count()
    first = answer["results"][0]
    section = package.sections.order_by("order").first()
    assert first["code"] == section.code and first["name"] == section.name_ru
    assert [i["text"] for i in first["items"]] == [i.text_ru for i in section.items.order_by("order")]
    conditioned = [i for s in answer["results"] for i in s["items"] if i["condition"]]
    assert conditioned and set(conditioned[0]["condition"]) == {"code", "label"}


@pytest.mark.parametrize(("code", "version"), [("tmkkk", "1999"), ("nothing", "2024")])
def test_unknown_package_is_json_404(client, code, version):
    for name in ("v1:package", "v1:package-sections"):
        response = get(client, name, code, version, language="ru")
        assert response.status_code == 404
        assert response.json() == {"error": {"code": "not_found", "message": "Не найдено."}}


def test_an_unpublished_version_is_not_shown(client):
    Package.objects.filter(code="tmkkk", version="2024").update(published=False)
    assert get(client, "v1:package", "tmkkk", "2024").status_code == 404


# --- diseases ---------------------------------------------------------------------------------------------------


def test_disease_lists(client):
    answer = get(client, "v1:disease-lists", language="en").json()
    codes = [row["code"] for row in answer["results"]]
    assert codes == sorted(codes) and "osms_from_2026" in codes
    row = next(r for r in answer["results"] if r["code"] == "osms_from_2026")
    assert row["package"] == "unified_insurance" and row["name"]


def test_diseases_by_list_and_by_code(client):
    on_list = get(client, "v1:diseases", list="osms_from_2026").json()
    assert on_list["count"] == Disease.objects.filter(lists="osms_from_2026").count() > 0
    assert all("osms_from_2026" in d["lists"] for d in on_list["results"])
    epilepsy = get(client, "v1:diseases", icd10="g40", language="en").json()["results"]
    assert [d["icd10"] for d in epilepsy] == ["G40"]
    assert epilepsy[0]["name"] == Disease.objects.get(icd10="G40").name_en
    assert get(client, "v1:diseases", list="no_such_list").json()["count"] == 0


def test_diseases_are_paginated(client):
    total = Disease.objects.count()
    first = get(client, "v1:diseases").json()
    assert first["count"] == total and len(first["results"]) == min(total, 50)
    if total > 50:
        second = client.get(first["next"]).json()
        assert {d["id"] for d in first["results"]}.isdisjoint({d["id"] for d in second["results"]})


# --- organisations ----------------------------------------------------------------------------------------------


def test_organisations_are_paginated_and_hide_inactive_ones(client, demo, settings):
    MedicalOrganisation.objects.filter(bin=POLYCLINIC_4).update(active=False)
    first = get(client, "v1:organisations", language="en").json()
    assert first["count"] == 29 and first["next"] is None
    assert POLYCLINIC_4 not in {o["bin"] for o in first["results"]}
    assert get(client, "v1:organisation", POLYCLINIC_4).status_code == 404
    names = [o["name"] for o in first["results"]]
    assert names == sorted(names)


def test_organisations_pages_of_fifty(client, demo):
    for n in range(30):
        MedicalOrganisation.objects.create(bin=f"{n:012d}", name="Extra", region="astana", kind="dental")
    first = get(client, "v1:organisations").json()
    second = client.get(first["next"]).json()
    assert first["count"] == 60 and len(first["results"]) == 50 and len(second["results"]) == 10
    assert get(client, "v1:organisations", page=3).status_code == 404


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "astana"}, 4),
        ({"kind": "hospital"}, 7),
        ({"supplier": "false"}, 4),
        ({"supplier": "true"}, 26),
        ({"region": "almaty_city", "supplier": "false"}, 1),
        ({"q": "городская поликлиника №4"}, 1),
        ({"q": "CITY POLYCLINIC NO. 4"}, 1),
        ({"q": "   "}, 30),
    ],
)
def test_organisation_filters(client, demo, params, expected):
    answer = get(client, "v1:organisations", **params).json()
    assert answer["count"] == expected
    if "region" in params:
        assert {o["region"] for o in answer["results"]} == {params["region"]}


@pytest.mark.parametrize(("params", "field"), [({"region": "atlantis"}, "region"), ({"kind": "spa"}, "kind"),
                                               ({"supplier": "maybe"}, "supplier")])  # fmt: skip
def test_organisation_filters_refuse_unknown_values(client, params, field):
    error = get(client, "v1:organisations", **params).json()["error"]
    assert error["code"] == "invalid" and error["fields"][field][0]["code"]


@pytest.mark.parametrize(("language", "region"), [("en", "Astana (city)"), ("ru", "город Астана"), ("kk", None)])
def test_one_organisation_in_the_requests_language(client, demo, language, region):
    answer = get(client, "v1:organisation", POLYCLINIC_4, language=language).json()
    organisation = MedicalOrganisation.objects.get(bin=POLYCLINIC_4)
    assert answer["name"] == getattr(organisation, f"name_{language}")
    with translation.override(language):
        assert answer["region_name"] == organisation_views.region_label("astana") == (region or answer["region_name"])
        assert answer["kind_name"] == organisation_views.kind_label("polyclinic")
    assert answer["region"] == "astana" and answer["kind"] == "polyclinic"
    assert [p["code"] for p in answer["provides"]] == organisation.provides
    assert all(p["name"] for p in answer["provides"])


def test_the_catalogue_is_read_only(client):
    response = client.post(reverse("v1:packages"), {}, content_type="application/json")
    assert response.status_code in (401, 403, 405)
    assert response.json()["error"]["code"] in ("method_not_allowed", "not_authenticated")
