"""Content checks for the catalogue data files in coverage/data (no Django, no database).

Run alone with:  .venv/bin/python -m pytest -q -p no:django coverage/tests/test_catalogue_data.py
"""

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"
LANGS = ("kk", "ru", "en")

REGIONS = {
    "astana",
    "almaty_city",
    "shymkent",
    "abai",
    "akmola",
    "aktobe",
    "almaty",
    "atyrau",
    "east_kazakhstan",
    "jambyl",
    "jetisu",
    "west_kazakhstan",
    "karaganda",
    "kostanay",
    "kyzylorda",
    "mangystau",
    "pavlodar",
    "north_kazakhstan",
    "turkistan",
    "ulytau",
}
KINDS = {
    "primary_care",
    "polyclinic",
    "hospital",
    "day_hospital",
    "rehabilitation",
    "dental",
    "emergency",
    "diagnostics",
    "palliative",
}
CONDITIONS = {"any_status", "insured_only", "referral", "population_groups", "dangerous_diseases_only"}
PACKAGE_KINDS = {"tmkkk", "osms", "unified"}
ICD10 = re.compile(r"^[A-Z]\d{2}(\.\d{1,2})?(-[A-Z]\d{2}(\.\d{1,2})?)?$")
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# An ICD-like token written with a Cyrillic capital (В18, К74: a PDF/OCR artefact).
CYRILLIC_ICD = re.compile(r"(?<![\w])[А-ЯЁӘҒҚҢӨҰҮҺІ]\d{2}(?:\.\d)?(?![\w])")
# Each language names the packages in its own way (README, "Names of the packages").
NAMES = {"kk": ("ТМККК", "МӘМС"), "ru": ("ГОБМП", "ОСМС"), "en": ("GOBMP", "OSMS")}
# Letters that only occur in Kazakh Cyrillic (ә ғ қ ң ө ұ ү һ і).
KAZAKH_ONLY = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")

BIN_WEIGHTS_1 = range(1, 12)
BIN_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


@pytest.fixture(scope="module")
def catalogue():
    with open(DATA / "catalogue.json", encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def reference():
    with open(DATA / "reference.json", encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def organisations():
    with open(DATA / "organisations_demo.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def packages_by_id(catalogue):
    return {p["id"]: p for p in catalogue["packages"]}


def disease_list(catalogue, code):
    return [d for d in catalogue["diseases"] if code in d["lists"]]


def all_section_codes(catalogue):
    return {s["code"] for p in catalogue["packages"] for s in p["sections"]}


def trilingual_texts(node, path="$"):
    """Yield (path, value) for every dict that looks like a {kk, ru, en} text anywhere in the tree."""
    if isinstance(node, dict):
        if set(node) & set(LANGS):
            yield path, node
            return
        for key, value in node.items():
            yield from trilingual_texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from trilingual_texts(value, f"{path}[{i}]")


def bin_is_valid(number: str) -> bool:
    if not re.fullmatch(r"\d{12}", number):
        return False
    digits = [int(c) for c in number]
    r = sum(d * w for d, w in zip(digits[:11], BIN_WEIGHTS_1, strict=True)) % 11
    if r == 10:
        r = sum(d * w for d, w in zip(digits[:11], BIN_WEIGHTS_2, strict=True)) % 11
        if r == 10:
            return False
    return digits[11] == r


# ------------------------------------------------------------------ the JSON itself


def test_catalogue_is_utf8_json_with_readable_cyrillic():
    raw = (DATA / "catalogue.json").read_bytes().decode("utf-8")
    assert "\\u04" not in raw, "write with ensure_ascii=False: Cyrillic must be readable, not \\u-escaped"
    data = json.loads(raw)
    assert {"packages", "diseases", "notes"} <= set(data)
    assert data["notes"] and all(isinstance(n, str) and n.strip() for n in data["notes"])


def test_every_text_has_kk_ru_en(catalogue):
    texts = list(trilingual_texts(catalogue))
    assert len(texts) > 200
    for path, text in texts:
        assert set(text) == set(LANGS), f"{path}: languages {sorted(text)}"
        for lang in LANGS:
            value = text[lang]
            assert isinstance(value, str) and value.strip(), f"{path}.{lang} is empty"
            assert value == value.strip() and "  " not in value and "\n" not in value, f"{path}.{lang}: whitespace"


def test_each_language_is_in_its_own_script(catalogue):
    for path, text in trilingual_texts(catalogue):
        assert not CYRILLIC.search(text["en"]), f"{path}.en has Cyrillic: {text['en']}"
        assert CYRILLIC.search(text["kk"]), f"{path}.kk is not Cyrillic: {text['kk']}"
        assert CYRILLIC.search(text["ru"]), f"{path}.ru is not Cyrillic: {text['ru']}"
        assert not KAZAKH_ONLY.search(text["ru"]), f"{path}.ru has Kazakh letters: {text['ru']}"
        for lang in LANGS:
            assert not CYRILLIC_ICD.search(text[lang]), f"{path}.{lang}: ICD-10 code in Cyrillic: {text[lang]}"


def test_each_language_names_the_packages_its_own_way(catalogue):
    for path, text in trilingual_texts(catalogue):
        for lang, names in NAMES.items():
            others = {name for other, pair in NAMES.items() if other != lang for name in pair} - set(names)
            unquoted = re.sub(r"«[^»]*»|'[^']*'", "", text[lang])  # a quotation keeps the words it quotes
            found = [name for name in others if re.search(rf"\b{name}\b", unquoted)]
            assert not found, f"{path}.{lang} names a package as another language does ({found}): {text[lang]}"


def test_kazakh_texts_are_kazakh(catalogue):
    """Kazakh is not Russian copied over: only words spelt the same in both languages may be identical."""
    texts = [text for _, text in trilingual_texts(catalogue)]
    same = {text["kk"] for text in texts if text["kk"] == text["ru"]}
    assert same <= {"Эпилепсия", "Ревматизм", "Туберкулез"}, same
    with_kazakh_letters = [text for text in texts if KAZAKH_ONLY.search(text["kk"])]
    assert len(with_kazakh_letters) / len(texts) > 0.8


# ------------------------------------------------------------------ packages and sections


def test_packages_shape(catalogue):
    ids = [p["id"] for p in catalogue["packages"]]
    assert len(ids) == len(set(ids))
    for p in catalogue["packages"]:
        assert p["kind"] in PACKAGE_KINDS
        assert p["id"] == f"{p['code']}_{p['version']}"
        assert p["source"] in {"000", "002", "003"}
        for key in ("name", "summary", "who"):
            assert set(p[key]) == set(LANGS)
        start = date.fromisoformat(p["valid_from"])
        if p["valid_to"] is not None:
            assert date.fromisoformat(p["valid_to"]) > start
        assert p["sections"], p["id"]


def test_expected_packages_and_section_counts(catalogue):
    by_id = packages_by_id(catalogue)
    assert set(by_id) == {
        "tmkkk_2020",
        "osms_2020",
        "tmkkk_2024",
        "osms_2024",
        "unified_base_2026",
        "unified_insurance_2026",
    }
    assert len(by_id["tmkkk_2024"]["sections"]) == 11  # seed 002: ТМККК sections 1-11
    assert len(by_id["osms_2024"]["sections"]) == 8  # seed 002: МӘМС sections 1-8
    assert [len(s["items"]) for s in by_id["tmkkk_2024"]["sections"]][:6] == [2, 7, 4, 3, 4, 2]
    assert [len(s["items"]) for s in by_id["osms_2024"]["sections"]][0] == 6
    assert by_id["unified_base_2026"]["kind"] == by_id["unified_insurance_2026"]["kind"] == "unified"


def test_versions_of_one_package_do_not_overlap(catalogue):
    by_code = {}
    for p in catalogue["packages"]:
        by_code.setdefault(p["code"], []).append(p)
    for code, versions in by_code.items():
        versions.sort(key=lambda p: p["valid_from"])
        for earlier, later in zip(versions, versions[1:], strict=False):
            assert earlier["valid_to"] is not None, code
            assert date.fromisoformat(earlier["valid_to"]) < date.fromisoformat(later["valid_from"]), code
    # The lists in force before 2026 end the day before the unified package starts.
    by_id = packages_by_id(catalogue)
    assert by_id["tmkkk_2024"]["valid_to"] == by_id["osms_2024"]["valid_to"] == "2025-12-31"
    assert by_id["unified_base_2026"]["valid_from"] == by_id["unified_insurance_2026"]["valid_from"] == "2026-01-01"


def test_section_codes_unique_and_orders_sequential(catalogue):
    for p in catalogue["packages"]:
        codes = [s["code"] for s in p["sections"]]
        assert len(codes) == len(set(codes)), f"{p['id']}: duplicate section codes {codes}"
        assert all(SNAKE.match(c) for c in codes), codes
        assert [s["order"] for s in p["sections"]] == list(range(1, len(codes) + 1)), p["id"]
        for s in p["sections"]:
            assert SNAKE.match(s["group"])
            assert s["items"], f"{p['id']}.{s['code']} has no items"


def test_section_codes_are_shared_for_comparison(catalogue):
    by_id = packages_by_id(catalogue)
    tmkkk = {s["code"] for s in by_id["tmkkk_2024"]["sections"]}
    osms = {s["code"] for s in by_id["osms_2024"]["sections"]}
    assert {"emergency", "primary_care", "outpatient_specialised", "day_hospital", "inpatient"} <= tmkkk
    assert {"outpatient_specialised", "day_hospital", "rehabilitation", "pathology", "medicines"} <= tmkkk & osms
    groups = {s["group"] for s in by_id["osms_2024"]["sections"]}
    assert "inpatient" in groups  # planned and emergency inpatient sections compare with ТМККК's inpatient
    # The 2026 parts compare with their predecessors by code.
    for new, old in (("unified_base_2026", "tmkkk_2024"), ("unified_insurance_2026", "osms_2024")):
        new_codes = {s["code"] for s in by_id[new]["sections"]}
        assert new_codes <= {s["code"] for s in by_id[old]["sections"]}, new


def test_items_conditions(catalogue):
    for p in catalogue["packages"]:
        for s in p["sections"]:
            for it in s["items"]:
                assert set(it["text"]) == set(LANGS)
                assert it["condition"] is None or it["condition"] in CONDITIONS, it["condition"]
                note = it["condition_note"]
                assert note is None or set(note) == set(LANGS)
                if it["condition"] in {"referral", "population_groups"}:
                    assert note is not None, f"{p['id']}.{s['code']}: say which referral or which groups"
    assert set(catalogue["conditions"]) == CONDITIONS


def test_conditions_follow_the_seeds(catalogue):
    by_id = packages_by_id(catalogue)
    osms_items = [it for s in by_id["osms_2024"]["sections"] for it in s["items"]]
    # МӘМС is for the insured: no МӘМС item may be open to any status.
    assert not [it for it in osms_items if it["condition"] in {"any_status", "dangerous_diseases_only"}]
    assert any(it["condition"] == "referral" for it in osms_items)
    tmkkk = {s["code"]: s for s in by_id["tmkkk_2024"]["sections"]}
    inpatient = [it["condition"] for it in tmkkk["inpatient"]["items"]]
    assert inpatient[:3] == ["dangerous_diseases_only", "dangerous_diseases_only", "any_status"]
    tmkkk_items = [it for s in by_id["tmkkk_2024"]["sections"] for it in s["items"]]
    assert not [it for it in tmkkk_items if it["condition"] == "insured_only"]


def test_unified_packages_are_marked_incomplete(catalogue):
    by_id = packages_by_id(catalogue)
    assert by_id["unified_base_2026"]["complete"] is False
    assert by_id["unified_insurance_2026"]["complete"] is False
    assert by_id["tmkkk_2024"]["complete"] is True


# ------------------------------------------------------------------ diseases


def test_disease_lists_and_counts(catalogue):
    lists = {dl["code"] for dl in catalogue["disease_lists"]}
    for d in catalogue["diseases"]:
        assert d["lists"] and set(d["lists"]) <= lists, d["lists"]
        assert set(d["name"]) == set(LANGS)
        assert set(d["seed_numbers"]) <= set(d["lists"])
        for code in {"osms_before_2026", "osms_from_2026"} & set(d["lists"]):
            assert isinstance(d["seed_numbers"][code], int), (code, d["name"]["ru"])
    assert len(disease_list(catalogue, "osms_before_2026")) == 25
    assert len(disease_list(catalogue, "osms_from_2026")) == 24
    for code in ("osms_before_2026", "osms_from_2026"):
        numbers = sorted(d["seed_numbers"][code] for d in disease_list(catalogue, code))
        assert numbers == list(range(1, len(numbers) + 1)), code


def test_icd10_codes_are_well_formed(catalogue):
    for d in catalogue["diseases"]:
        codes = [d["icd10"]] if d["icd10"] else []
        codes += d.get("icd10_includes", []) + d.get("icd10_excludes", [])
        for code in codes:
            assert ICD10.match(code), f"bad ICD-10 code {code!r} for {d['name']['en']}"
        for sub in d.get("icd10_includes", []):
            assert sub.startswith(d["icd10"] + "."), sub


def test_icd10_codes_given_by_the_seed_are_kept(catalogue):
    by_code = {d["icd10"]: d for d in catalogue["diseases"] if d["icd10"]}
    # Seed 003 prints exactly these codes for rows of the OSMS lists.
    assert set(by_code) == {"B18", "G40"}
    assert by_code["B18"]["icd10_includes"] == ["B18.0", "B18.1", "B18.2", "B18.8"]
    liver = [d for d in catalogue["diseases"] if "K74" in d.get("icd10_excludes", [])]
    assert len(liver) == 1 and "osms_from_2026" in liver[0]["lists"]


def test_hepatitis_and_epilepsy_moved_to_tmkkk_social(catalogue):
    osms_2026 = disease_list(catalogue, "osms_from_2026")
    social = disease_list(catalogue, "tmkkk_social_from_2026")
    before = disease_list(catalogue, "osms_before_2026")

    def hepatitis(d):
        ru = d["name"]["ru"].lower()
        return "гепатит" in ru and all(v in ru for v in ("b", "c", "d"))

    def epilepsy(d):
        return d["icd10"] == "G40" or "эпилепс" in d["name"]["ru"].lower()

    for check in (hepatitis, epilepsy):
        assert not [d for d in osms_2026 if check(d)], check.__name__
        assert len([d for d in social if check(d)]) == 1, check.__name__
        assert len([d for d in before if check(d)]) == 1, check.__name__
    assert not [d for d in osms_2026 if "гепатит" in d["name"]["ru"].lower()]
    assert not [d for d in osms_2026 if (d["icd10"] or "").startswith(("B1", "G40"))]


def test_rheumatism_added_in_2026(catalogue):
    matches = [d for d in catalogue["diseases"] if d["name"]["ru"] == "Ревматизм"]
    assert len(matches) == 1
    assert matches[0]["lists"] == ["osms_from_2026"]
    assert "Ревматизм" not in {d["name"]["ru"] for d in disease_list(catalogue, "osms_before_2026")}


def test_chronic_list_keeps_core_diseases(catalogue):
    names_2026 = {d["name"]["ru"] for d in disease_list(catalogue, "osms_from_2026")}
    assert {"Артериальная гипертензия", "Ишемическая болезнь сердца", "Бронхолегочная дисплазия"} <= names_2026
    renamed = [d for d in catalogue["diseases"] if "name_before_2026" in d]
    assert {d["name_before_2026"]["ru"] for d in renamed} >= {"Цирроз печени", "Болезни нервной системы (эпилепсия)"}


def test_disease_lists_metadata(catalogue):
    lists = {dl["code"]: dl for dl in catalogue["disease_lists"]}
    assert {"osms_before_2026", "osms_from_2026", "tmkkk_social_from_2026"} <= set(lists)
    package_codes = {p["code"] for p in catalogue["packages"]}
    for dl in lists.values():
        assert dl["package"] in package_codes
        assert set(dl["name"]) == set(LANGS)
    assert lists["osms_before_2026"]["valid_to"] == "2025-12-31"
    assert lists["osms_from_2026"]["valid_from"] == lists["tmkkk_social_from_2026"]["valid_from"] == "2026-01-01"


def test_items_link_to_known_disease_lists(catalogue):
    lists = {dl["code"] for dl in catalogue["disease_lists"]}
    items = [it for p in catalogue["packages"] for s in p["sections"] for it in s["items"]]
    linked = [it["disease_list"] for it in items if "disease_list" in it]
    assert linked and set(linked) <= lists


# ------------------------------------------------------------------ reference data and demo organisations


def test_reference_codes(reference):
    assert {r["code"] for r in reference["regions"]} == REGIONS
    assert {k["code"] for k in reference["organisation_kinds"]} == KINDS
    for entry in reference["regions"] + reference["organisation_kinds"]:
        assert set(entry["name"]) == set(LANGS) and all(entry["name"].values())


@pytest.mark.parametrize(
    "number, valid",
    [
        ("980340990451", True),
        ("980340990452", False),  # wrong check digit
        ("98034099045", False),  # 11 digits
        ("98034099045a", False),
        ("000000000000", True),
    ],
)
def test_bin_check_digit_algorithm(number, valid):
    assert bin_is_valid(number) is valid


def test_bin_second_pass_weights():
    # 11 digits whose first pass gives 10: the second pass with weights 3..11,1,2 decides.
    body = next(
        f"{n:011d}"
        for n in range(10**10, 10**10 + 10**6)
        if sum(int(c) * w for c, w in zip(f"{n:011d}", BIN_WEIGHTS_1, strict=True)) % 11 == 10
        and sum(int(c) * w for c, w in zip(f"{n:011d}", BIN_WEIGHTS_2, strict=True)) % 11 != 10
    )
    second = sum(int(c) * w for c, w in zip(body, BIN_WEIGHTS_2, strict=True)) % 11
    assert bin_is_valid(body + str(second))
    assert not bin_is_valid(body + str((second + 1) % 10))


def test_organisations_columns_and_size(organisations):
    assert organisations, "no rows"
    assert list(organisations[0]) == [
        "bin",
        "name_kk",
        "name_ru",
        "name_en",
        "region",
        "kind",
        "address",
        "is_fund_supplier",
        "provides",
    ]
    assert 25 <= len(organisations) <= 40


def test_organisation_bins(organisations):
    bins = [row["bin"] for row in organisations]
    assert len(bins) == len(set(bins)), "duplicate BIN"
    for number in bins:
        assert bin_is_valid(number), f"bad check digit: {number}"
        yy, mm = int(number[:2]), int(number[2:4])
        assert 1 <= mm <= 12, number
        assert number[4] == "4", f"{number}: fifth digit must be 4 (resident legal entity)"
        assert yy <= date.today().year % 100 or yy >= 90, number


def test_organisation_codes_are_known(organisations, catalogue):
    sections = all_section_codes(catalogue)
    for row in organisations:
        assert row["region"] in REGIONS, row["region"]
        assert row["kind"] in KINDS, row["kind"]
        assert row["is_fund_supplier"] in {"true", "false"}
        provides = row["provides"].split("|")
        assert provides and len(provides) == len(set(provides)), row["provides"]
        assert set(provides) <= sections, set(provides) - sections
        for col in ("name_kk", "name_ru", "name_en", "address"):
            assert row[col].strip(), col
        assert "demo" in row["name_en"].lower(), f"not clearly a demo entry: {row['name_en']}"
        assert "демо" in row["name_ru"].lower() and "демо" in row["name_kk"].lower(), row["name_en"]


def test_organisations_cover_many_regions_and_kinds(organisations):
    assert len({row["region"] for row in organisations}) >= 15
    assert {row["kind"] for row in organisations} == KINDS
    assert {row["is_fund_supplier"] for row in organisations} == {"true", "false"}
