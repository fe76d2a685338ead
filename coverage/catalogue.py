"""Loading the catalogue (coverage/data/catalogue.json) into the database, idempotently.

The JSON is the project's own copy of the fund's leaflets in three languages (see coverage/data/README.md).
`load` works with the real models and inside migrations alike: it takes a `model(name)` getter.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent / "data" / "catalogue.json"
LANGUAGES = ("kk", "ru", "en")


def texts(field: str, value: dict | None) -> dict[str, str]:
    """{"name": kk, "name_kk": …, "name_ru": …, "name_en": …} from a {"kk", "ru", "en"} dict."""
    value = value or {}
    texts = {f"{field}_{lang}": value.get(lang) or "" for lang in LANGUAGES}
    texts[field] = texts[f"{field}_kk"]
    return texts


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def load(data: dict, model: Callable[[str], type]) -> dict[str, int]:
    """Create or update every package, section, item, condition, disease list, disease and change."""
    Package, Section, Item = model("Package"), model("Section"), model("Item")
    Condition, DiseaseList, Disease, Change = (
        model("Condition"),
        model("DiseaseList"),
        model("Disease"),
        model("Change"),
    )
    for code, condition in data.get("conditions", {}).items():
        Condition.objects.update_or_create(code=code, defaults=texts("label", condition["label"]))
    counts = {"packages": 0, "sections": 0, "items": 0, "diseases": 0}
    for raw in data["packages"]:
        package, _ = Package.objects.update_or_create(
            code=raw["code"], version=raw["version"],
            defaults={
                "kind": raw["kind"], "valid_from": _day(raw["valid_from"]), "valid_to": _day(raw.get("valid_to")),
                "source": raw.get("source") or "", "complete": raw.get("complete", True),
                **texts("name", raw["name"]), **texts("summary", raw.get("summary")), **texts("who", raw.get("who")),
            },
        )  # fmt: skip
        counts["packages"] += 1
        for raw_section in raw["sections"]:
            section, _ = Section.objects.update_or_create(
                package=package, code=raw_section["code"],
                defaults={"order": raw_section["order"], "group": raw_section.get("group") or "",
                          **texts("name", raw_section["name"])},
            )  # fmt: skip
            counts["sections"] += 1
            section.items.all().delete()  # items have no natural key: the file's list replaces them
            Item.objects.bulk_create(
                Item(section=section, order=n, condition_id=item.get("condition"),
                     **texts("text", item["text"]), **texts("condition_note", item.get("condition_note")))
                for n, item in enumerate(raw_section["items"], start=1)
            )  # fmt: skip
            counts["items"] += len(raw_section["items"])
    for raw in data.get("disease_lists", []):
        DiseaseList.objects.update_or_create(
            code=raw["code"],
            defaults={"package_code": raw.get("package") or "", "valid_from": _day(raw.get("valid_from")),
                      "valid_to": _day(raw.get("valid_to")), "source": raw.get("source") or "",
                      **texts("name", raw["name"]), **texts("note", raw.get("note"))},
        )  # fmt: skip
    Disease.objects.all().delete()  # the file's list replaces the diseases (no natural key: some have no code)
    for raw in data.get("diseases", []):
        disease = Disease.objects.create(
            icd10=raw.get("icd10") or "", icd10_includes=raw.get("icd10_includes") or [],
            icd10_excludes=raw.get("icd10_excludes") or [],
            **texts("name", raw["name"]), **texts("note", raw.get("note")),
        )  # fmt: skip
        disease.lists.set(raw.get("lists", []))
        counts["diseases"] += 1
    for raw in data.get("changes", []):
        Change.objects.update_or_create(
            code=raw["code"],
            defaults={"date": _day(raw["date"]), "source": raw.get("source") or "", "packages": raw.get("packages", []),
                      **texts("text", raw["text"])},
        )  # fmt: skip
    return counts


def read(path: Path = CATALOGUE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
