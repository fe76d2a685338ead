"""The catalogue the migration loads: every package, section, item and disease, in three languages."""

from datetime import date

import pytest
from django.utils import translation

from coverage import catalogue
from coverage.models import Disease, Item, Package, Section

pytestmark = pytest.mark.django_db


def test_the_migration_loaded_the_whole_catalogue():
    data = catalogue.read()
    assert Package.objects.count() == len(data["packages"])
    assert Section.objects.count() == sum(len(p["sections"]) for p in data["packages"])
    assert Item.objects.count() == sum(len(s["items"]) for p in data["packages"] for s in p["sections"])
    assert Disease.objects.count() == len(data["diseases"])


def test_texts_follow_the_language():
    package = Package.objects.get(code="osms", version="2024")
    with translation.override("kk"):
        assert "МӘМС" in package.name or "медициналық сақтандыру" in package.name
    with translation.override("ru"):
        assert "ОСМС" in package.name
    with translation.override("en"):
        assert "insurance" in package.name.lower()


def test_versions_in_force_by_date():
    codes = lambda day: sorted(Package.objects.in_force(day).values_list("code", flat=True))  # noqa: E731
    assert codes(date(2024, 6, 1)) == ["osms", "tmkkk"]
    assert codes(date(2026, 6, 1)) == ["unified_base", "unified_insurance"]


def test_hepatitis_and_epilepsy_moved_to_tmkkk_in_2026():
    in_2026 = set(Disease.objects.filter(lists="osms_from_2026").values_list("icd10", flat=True))
    moved = set(Disease.objects.filter(lists="tmkkk_social_from_2026").values_list("icd10", flat=True))
    assert {"B18", "G40"} <= moved and not ({"B18", "G40"} & in_2026)


def test_loading_again_changes_nothing():
    before = (Package.objects.count(), Section.objects.count(), Item.objects.count(), Disease.objects.count())
    from django.apps import apps

    catalogue.load(catalogue.read(), lambda name: apps.get_model("coverage", name))
    after = (Package.objects.count(), Section.objects.count(), Item.objects.count(), Disease.objects.count())
    assert before == after
