"""Reads for the catalogue pages: packages in force, versions, comparisons, the 2026 changes, search, and what a
person can get. Texts are read through modeltranslation, so every name follows the active language.

A person's insurance status comes from payments' selectors, never from payments' models.
"""

from __future__ import annotations

import operator
import re
import string
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import reduce

from django.contrib.postgres.lookups import TrigramStrictWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, Func, Prefetch, Q, QuerySet, TextField, Value
from django.utils.translation import get_language

from . import eligibility
from .models import Change, Disease, DiseaseList, Item, Package, Section

LANGUAGES = ("kk", "ru", "en")
REFORM_DAY = date(2026, 1, 1)  # the unified package (seed 003)
# Chronic diseases under dynamic observation before 2026, and where they went (seed 003's table).
BEFORE_2026 = "osms_before_2026"
FROM_2026 = "osms_from_2026"
MOVED_2026 = "tmkkk_social_from_2026"

MAX_QUERY = 100  # characters of a search query we read; the rest is dropped
MAX_WORDS = 8
MIN_WORD = 2
MAX_RESULTS = 100  # per group
# A letter, two digits and an optional .digit(s): A00, B18.1, G40.
ICD10 = re.compile(r"[A-Z][0-9]{2}(?:\.[0-9]{1,2})?")
# People type ICD-10 codes with Cyrillic look-alikes (В18, К74), as seed 003 prints them.
CYRILLIC_TO_LATIN = str.maketrans("АВСЕНКМОРТХ", "ABCEHKMOPTX")
# The text search configuration of each language's columns (see `search`).
CONFIGS = {"kk": "simple", "ru": "russian", "en": "english"}
# Kazakh voices a stem's last к/қ/п before a vowel (жүрек → жүрегі); Kazakh trigrams are taken with these folded.
VOICED, VOICELESS = "гғбГҒБ", "кқпКҚП"
FOLD = str.maketrans(VOICED, VOICELESS)
FUZZY_MIN = 5  # letters in a word before Kazakh texts are searched by trigrams too; shorter words by prefix only
# Search results first by their rank in the page's language, then by their rank in the other two (see `_found`).
RANKED = ("-rank_here", "-rank_elsewhere")


# --- packages ------------------------------------------------------------------------------------------


def _with_contents(packages: QuerySet[Package]) -> QuerySet[Package]:
    items = Item.objects.select_related("condition").order_by("order")
    sections = Section.objects.order_by("order").prefetch_related(Prefetch("items", queryset=items))
    return packages.prefetch_related(Prefetch("sections", queryset=sections))


def _part_order(package: Package) -> tuple[int, date, str]:
    """GOBMP (and the base part) before OSMS (and the insurance part)."""
    try:
        part = eligibility.part_of(package.kind, package.code)
    except ValueError:
        part = ""
    return (0 if part == eligibility.TMKKK else 1, package.valid_from, package.code)


def in_force(day: date) -> list[Package]:
    """The published package versions in force on `day`, with their sections and items; GOBMP first."""
    return sorted(_with_contents(Package.objects.in_force(day)), key=_part_order)


def package_version(code: str, version: str) -> Package | None:
    return _with_contents(Package.objects.filter(code=code, version=version, published=True)).first()


def versions() -> list[Package]:
    """Every published version, oldest first, GOBMP before OSMS within a date."""
    return sorted(Package.objects.filter(published=True), key=lambda p: (p.valid_from, *_part_order(p)))


def version_starts() -> list[date]:
    """The days on which a new set of versions came into force, for "show an earlier or later version"."""
    return sorted(set(Package.objects.filter(published=True).values_list("valid_from", flat=True)))


def is_in_force(package: Package, day: date) -> bool:
    return package.valid_from <= day and (package.valid_to is None or day <= package.valid_to)


def disease_lists_for(package: Package) -> list[DiseaseList]:
    """Disease lists that belong to a package version (same package code, overlapping dates).

    The "before 2026" list is left out: the rules file it under OSMS but the seeds under GOBMP (see the data
    notes), so it is shown only on the 2026 changes page, with its own name and note.
    """
    lists = DiseaseList.objects.filter(package_code=package.code).exclude(code=BEFORE_2026)
    if package.valid_to is not None:
        lists = lists.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=package.valid_to))
    lists = lists.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=package.valid_from))
    return list(lists.prefetch_related(Prefetch("diseases", queryset=Disease.objects.order_by("id"))))


# --- comparison ------------------------------------------------------------------------------------------


@dataclass
class Row:
    """One kind of care (a section group), with the sections each side has for it."""

    group: str
    left: list[Section] = field(default_factory=list)
    right: list[Section] = field(default_factory=list)

    @property
    def both(self) -> bool:
        return bool(self.left and self.right)


def align(left: Package | None, right: Package | None) -> list[Row]:
    """One row per section group (a section's `group`, else its `code`), in the left package's order, then the
    right package's own groups in its order. Sections of the same group share a row (OSMS splits inpatient care
    into planned and emergency; both meet GOBMP's one inpatient section)."""
    rows: dict[str, Row] = {}
    for side, package in (("left", left), ("right", right)):
        if package is None:
            continue
        for section in package.sections.all():
            key = section.group or section.code
            getattr(rows.setdefault(key, Row(key)), side).append(section)
    return list(rows.values())


def _pair(packages: list[Package]) -> tuple[Package | None, Package | None]:
    """(base, insurance) from a set of versions."""
    base = insurance = None
    for package in packages:
        try:
            part = eligibility.part_of(package.kind, package.code)
        except ValueError:
            continue
        if part == eligibility.TMKKK and base is None:
            base = package
        elif part == eligibility.OSMS and insurance is None:
            insurance = package
    return base, insurance


def comparable_versions() -> list[str]:
    """Versions (years) for which we hold both a base and an insurance package."""
    by_version: dict[str, list[Package]] = {}
    for package in versions():
        by_version.setdefault(package.version, []).append(package)
    return [v for v, packages in by_version.items() if all(_pair(packages))]


def comparison(version: str) -> tuple[Package | None, Package | None, list[Row]]:
    """GOBMP against OSMS (or the 2026 base part against the insurance part) of one version."""
    base, insurance = _pair(list(_with_contents(Package.objects.filter(version=version, published=True))))
    return base, insurance, align(base, insurance)


# --- 2026 ----------------------------------------------------------------------------------------------


@dataclass
class ReformPair:
    before: Package | None
    after: Package | None
    rows: list[Row]


def reform_pairs() -> list[ReformPair]:
    """The versions in force the day before the reform against those from it: base with base, insurance with
    insurance, section by section."""
    before = _pair(in_force(REFORM_DAY - timedelta(days=1)))
    after = _pair(in_force(REFORM_DAY))
    return [ReformPair(b, a, align(b, a)) for b, a in zip(before, after, strict=True) if b or a]


@dataclass
class DiseaseRow:
    disease: Disease
    before: bool
    from_2026: bool
    moved: bool

    @property
    def change(self) -> str:
        """moved (to GOBMP socially significant diseases), added, dropped, or stays."""
        if self.moved and not self.from_2026:
            return "moved"
        if not self.before and (self.from_2026 or self.moved):
            return "added"
        if self.before and not (self.from_2026 or self.moved):
            return "dropped"
        return "stays"


def disease_lists_2026() -> tuple[dict[str, DiseaseList], list[DiseaseRow]]:
    """The three lists (before, from 2026 in OSMS, moved to GOBMP) and one row per disease, in the seed's order."""
    codes = (BEFORE_2026, FROM_2026, MOVED_2026)
    lists = DiseaseList.objects.in_bulk(codes)
    diseases = Disease.objects.filter(lists__in=codes).distinct().order_by("id").prefetch_related("lists")
    rows = []
    for disease in diseases:
        on = {dl.code for dl in disease.lists.all()}
        rows.append(DiseaseRow(disease, BEFORE_2026 in on, FROM_2026 in on, MOVED_2026 in on))
    return lists, rows


def changes(*, since: date | None = None, before: date | None = None) -> QuerySet[Change]:
    rows = Change.objects.order_by("date", "code")
    if since is not None:
        rows = rows.filter(date__gte=since)
    if before is not None:
        rows = rows.filter(date__lt=before)
    return rows


# --- search --------------------------------------------------------------------------------------------


@dataclass
class Query:
    text: str  # what we searched for, cleaned and trimmed
    trimmed: bool  # the query was longer than MAX_QUERY
    words: list[str]
    code: str | None  # an ICD-10 code, when the query is one


@dataclass
class Results:
    query: Query
    items: list[Item] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    diseases: list[Disease] = field(default_factory=list)
    excluded_from: list[Disease] = field(default_factory=list)  # diseases whose group excludes the code

    @property
    def total(self) -> int:
        return len(self.items) + len(self.sections) + len(self.diseases)

    @property
    def empty(self) -> bool:
        return not self.total


def parse_query(raw: str | None) -> Query:
    """Trim to MAX_QUERY characters, drop control characters, split into words; never fails."""
    raw = raw or ""
    trimmed = len(raw) > MAX_QUERY
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in raw[:MAX_QUERY])
    text = " ".join(text.split())
    code = icd10_code(text)
    words = []
    for part in text.split():
        word = part.strip(string.punctuation + "«»“”„‘’–—…")
        if len(word) >= MIN_WORD and word not in words:
            words.append(word)
    return Query(text, trimmed, words[:MAX_WORDS], code)


def icd10_code(text: str) -> str | None:
    """`text` as an ICD-10 code in Latin capitals (g40 → G40, В18.1 → B18.1), or None."""
    candidate = text.strip().upper().translate(CYRILLIC_TO_LATIN)
    return candidate if ICD10.fullmatch(candidate) else None


def _vector(columns: tuple[str, ...], language: str) -> SearchVector:
    return SearchVector(*(f"{column}_{language}" for column in columns), config=CONFIGS[language])


def _query(word: str, language: str) -> SearchQuery:
    """`word` in one language: stemmed in ru and en; in kk, as the beginning of a word (жүрек finds жүректің)."""
    if language != "kk":
        return SearchQuery(word, config=CONFIGS[language])
    quoted = word.replace("\\", "\\\\").replace("'", "''")  # a quoted lexeme: no tsquery syntax gets through
    return SearchQuery(f"'{quoted}':*", search_type="raw", config=CONFIGS[language])


def _folded(column: str) -> Func:
    return Func(F(column), Value(VOICED), Value(VOICELESS), function="translate", output_field=TextField())


def _found(queryset: QuerySet, columns: tuple[str, ...], words: list[str], language: str) -> QuerySet:
    """Rows with every word in some column in some language (a citizen may type Russian on the Kazakh page), with
    their rank in the page's language and in the others, for ordering by RANKED."""
    queryset = queryset.alias(**{f"vector_{lang}": _vector(columns, lang) for lang in LANGUAGES})
    for word in words:
        found = [Q(**{f"vector_{lang}": _query(word, lang)}) for lang in LANGUAGES]
        if word.isalpha() and len(word) >= FUZZY_MIN:
            similar = word.translate(FOLD)
            found += [Q(TrigramStrictWordSimilar(_folded(f"{column}_kk"), similar)) for column in columns]
        queryset = queryset.filter(reduce(operator.or_, found))
    ranks = {
        lang: SearchRank(F(f"vector_{lang}"), reduce(operator.or_, (_query(word, lang) for word in words)))
        for lang in LANGUAGES
    }
    here = ranks.pop(language, Value(0.0))
    return queryset.annotate(rank_here=here, rank_elsewhere=reduce(operator.add, ranks.values()))


def diseases_with_code(code: str) -> tuple[list[Disease], list[Disease]]:
    """Diseases with this ICD-10 code, or whose group includes it; and those whose group excludes it."""
    quoted = f'"{code}"'
    candidates = Disease.objects.filter(
        Q(icd10__iexact=code) | Q(icd10_includes__icontains=quoted) | Q(icd10_excludes__icontains=quoted)
    ).prefetch_related("lists")
    found = [d for d in candidates if d.icd10.upper() == code or code in {c.upper() for c in d.icd10_includes}]
    excluded = [d for d in candidates if code in {c.upper() for c in d.icd10_excludes}]
    return found, excluded


def search(query: Query) -> Results:
    """Diseases by ICD-10 code, and items, sections and diseases with every word of the query, in any language.

    PostgreSQL's full-text search, one way per language, all three always searched: the Russian columns with the
    `russian` configuration and the English ones with `english`, whose stemmers make a word find its other forms
    (сердце finds сердца, hearts finds heart). PostgreSQL has no Kazakh stemmer: the Kazakh columns use `simple`
    (lower case, no stemming) and match a word as the beginning of a longer one (жүрек finds жүректің), and, for a
    word of FUZZY_MIN letters or more, by trigrams (pg_trgm's strict word similarity, at its threshold of 0.5), which
    finds the stem of a longer form (жүректің finds жүрек). Kazakh voices a stem's last к/қ/п before a vowel
    (жүрек → жүрегі), so the trigrams are taken with г/ғ/б folded into к/қ/п on both sides. Every expression here
    has its index (migration 0007).
    """
    results = Results(query)
    if query.code:
        results.diseases, results.excluded_from = diseases_with_code(query.code)
    if not query.words:
        return results
    language, words = get_language(), query.words
    items = _found(Item.objects.filter(section__package__published=True), ("text", "condition_note"), words, language)
    items = items.select_related("section__package", "condition").order_by(
        *RANKED, "section__package__valid_from", "section__package__code", "section__order", "order"
    )
    results.items = list(items[:MAX_RESULTS])
    sections = _found(Section.objects.filter(package__published=True), ("name",), words, language)
    sections = sections.select_related("package").order_by(*RANKED, "package__valid_from", "package__code", "order")
    results.sections = list(sections[:MAX_RESULTS])
    # A code search leaves out the groups that exclude the code, though their names mention it ("except K74").
    seen = {d.pk for d in results.diseases} | {d.pk for d in results.excluded_from}
    diseases = _found(Disease.objects.all(), ("name",), words, language).order_by(*RANKED, "id")
    diseases = diseases.prefetch_related("lists")
    results.diseases += [d for d in diseases if d.pk not in seen][:MAX_RESULTS]
    return results


def known_codes() -> list[str]:
    """The ICD-10 codes our lists print, for the "nothing found" hint."""
    return sorted(set(Disease.objects.exclude(icd10="").values_list("icd10", flat=True)))


# --- what can I get ------------------------------------------------------------------------------------


def insured_today(person, today: date) -> bool:
    """The stored status; before the first recompute, the live one."""
    from payments.selectors import current_status, status_on

    stored = current_status(person)
    return stored.insured if stored is not None else status_on(person.iin, today).insured


@dataclass
class ItemVerdict:
    item: Item
    decision: eligibility.Decision


@dataclass
class SectionVerdict:
    section: Section
    verdict: eligibility.Verdict
    items: list[ItemVerdict]


@dataclass
class PackageVerdict:
    package: Package
    part: str
    sections: list[SectionVerdict]


def what_can_i_get(residency: str, insured: bool, packages: list[Package]) -> list[PackageVerdict]:
    """Every section of `packages`, marked by the pure rule in `eligibility`."""
    out = []
    for package in packages:
        part = eligibility.part_of(package.kind, package.code)
        sections = []
        for section in package.sections.all():
            items = [
                ItemVerdict(item, eligibility.decide(residency, insured, part, item.condition_id))
                for item in section.items.all()
            ]
            decisions = [v.decision for v in items] or [eligibility.decide(residency, insured, part, None)]
            sections.append(SectionVerdict(section, eligibility.summarise(decisions), items))
        out.append(PackageVerdict(package, part, sections))
    return out
