"""Importing medical organisations from CSV: reading and checking the file, then one upsert by BIN.

A file is UTF-8 (BOM allowed), `;`-separated, with the header below (see coverage/data/README.md). A problem
with the whole file (empty, not UTF-8, wrong header, not CSV) raises `FileRefused` before anything is written;
a problem with one row rejects that row with its line number and a reason code, and the other rows go on.
Every good row is written in one transaction, so an import lands whole or not at all. The organisations have
no quarantine table: the rejected rows come back in the `Summary`, for the admin page and the command to show.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts import iin as iin_rules
from accounts.choices import Region
from accounts.spreadsheets import inert

from .models import MedicalOrganisation, OrganisationImport, OrganisationQuarantine, Section

DEMO = Path(__file__).resolve().parent / "data" / "organisations_demo.csv"
HEADER = ("bin", "name_kk", "name_ru", "name_en", "region", "kind", "address", "is_fund_supplier", "provides")
LANGUAGES = ("kk", "ru", "en")
MAX_TEXT = 255
MAX_RAW = 2000
SUPPLIER = {"true": True, "false": False}
BATCH = 500
# Written on an import; `active` is not in the file and stays as editors left it.
FIELDS = ("name_kk", "name_ru", "name_en", "region", "kind", "address", "is_fund_supplier", "provides")

# Reason codes for rejected rows, with the text people read.
COLUMNS = "columns"
BIN = "bin"
NAME_EMPTY = "name_empty"
NAME_TOO_LONG = "name_too_long"
REGION = "region"
KIND = "kind"
ADDRESS_TOO_LONG = "address_too_long"
SUPPLIER_FLAG = "is_fund_supplier"
PROVIDES = "provides"
DUPLICATE = "duplicate"

REASONS = {
    COLUMNS: _("wrong number of columns (9 expected)"),
    BIN: _("BIN is not 12 digits with a valid check digit"),
    NAME_EMPTY: _("a name (kk, ru or en) is empty"),
    NAME_TOO_LONG: _("a name is longer than 255 characters"),
    REGION: _("unknown region code"),
    KIND: _("unknown kind of organisation"),
    ADDRESS_TOO_LONG: _("the address is longer than 255 characters"),
    SUPPLIER_FLAG: _("is_fund_supplier is neither true nor false"),
    PROVIDES: _("provides holds an unknown section code"),
    DUPLICATE: _("this BIN is already on an earlier line of the file"),
}
REFUSALS = {
    "empty": _("The file is empty: it has no organisation rows."),
    "header": _(
        "The first line is not the header bin;name_kk;name_ru;name_en;region;kind;address;is_fund_supplier;provides."
    ),  # fmt: skip
    "encoding": _("The file is not UTF-8 text."),
    "format": _("The file cannot be read as ;-separated CSV."),
}

REGIONS = frozenset(Region.values)
KINDS = frozenset(MedicalOrganisation.Kind.values)


class FileRefused(Exception):
    """The whole file is refused; `code` is one of REFUSALS."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail

    @property
    def message(self) -> str:
        return str(REFUSALS[self.code])


class Rejected(NamedTuple):
    line: int
    reason: str
    raw: str

    @property
    def label(self) -> str:
        return str(REASONS.get(self.reason, self.reason))


@dataclass(frozen=True, slots=True)
class OrganisationRow:
    line: int
    raw: str
    bin: str
    name_kk: str
    name_ru: str
    name_en: str
    region: str
    kind: str
    address: str
    is_fund_supplier: bool
    provides: list[str]

    def values(self) -> dict:
        return {name: getattr(self, name) for name in FIELDS}


@dataclass(frozen=True)
class Summary:
    rows: int
    created: int
    updated: int
    unchanged: int
    rejected: list[Rejected] = field(default_factory=list)
    batch_id: int | None = None  # the OrganisationImport that records this run and keeps its quarantine

    def as_dict(self) -> dict[str, int]:
        """What the command prints: counts only (the rejected rows go to stderr)."""
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }


def section_codes() -> frozenset[str]:
    return frozenset(Section.objects.values_list("code", flat=True))


def check_row(fields: list[str], line: int, sections: frozenset[str]) -> OrganisationRow | Rejected:
    """Check one row; never raises."""
    raw = ";".join(fields)[:MAX_RAW]
    if len(fields) != len(HEADER):
        return Rejected(line, COLUMNS, raw)
    bin_, name_kk, name_ru, name_en, region, kind, address, supplier, provides = (f.strip() for f in fields)
    if not iin_rules.is_valid(bin_):
        return Rejected(line, BIN, raw)
    names = (name_kk, name_ru, name_en)
    if not all(names):
        return Rejected(line, NAME_EMPTY, raw)
    if any(len(name) > MAX_TEXT for name in names):
        return Rejected(line, NAME_TOO_LONG, raw)
    if region not in REGIONS:
        return Rejected(line, REGION, raw)
    if kind not in KINDS:
        return Rejected(line, KIND, raw)
    if len(address) > MAX_TEXT:
        return Rejected(line, ADDRESS_TOO_LONG, raw)
    if supplier.lower() not in SUPPLIER:
        return Rejected(line, SUPPLIER_FLAG, raw)
    codes = [code.strip() for code in provides.split("|")] if provides else []
    if any(code not in sections for code in codes):
        return Rejected(line, PROVIDES, raw)
    return OrganisationRow(
        line, raw, bin_, name_kk, name_ru, name_en, region, kind, address, SUPPLIER[supplier.lower()],
        list(dict.fromkeys(codes)),
    )  # fmt: skip


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line, fields) for every record, decoded strictly as UTF-8 while streaming (a bad byte refuses the file).

    The line is where the record begins in the file (a quoted field may hold a line break).
    """
    with open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
        reader = csv.reader(text, delimiter=";", quotechar='"', strict=False)
        try:
            start = 1
            for fields in reader:
                if any("\0" in f for f in fields):  # a binary file, and no database stores NUL in text
                    raise FileRefused("format", "NUL byte")
                yield start, fields
                start = reader.line_num + 1
        except UnicodeDecodeError as error:
            raise FileRefused("encoding", f"byte {error.start}") from None
        except csv.Error as error:
            raise FileRefused("format", str(error)) from None


def _blank(fields: list[str]) -> bool:
    return not any(f.strip() for f in fields)


def read(path: Path, sections: frozenset[str]) -> Iterator[OrganisationRow | Rejected]:
    """Check the header, then yield every data row checked. Raises FileRefused for the whole file."""
    rows = _csv_rows(path)
    first = next((fields for _line, fields in rows if not _blank(fields)), None)  # blank lines before it
    if first is None:
        raise FileRefused("empty")
    names = [name.strip().lower() for name in first]
    while names and names[-1] == "":  # a spreadsheet's trailing empty cells
        names.pop()
    if tuple(names) != HEADER:
        raise FileRefused("header", ";".join(names)[:200])
    seen_data = False
    for line, fields in rows:
        if _blank(fields):
            continue
        if len(fields) > len(HEADER) and _blank(fields[len(HEADER) :]):
            fields = fields[: len(HEADER)]
        seen_data = True
        yield check_row(fields, line, sections)
    if not seen_data:
        raise FileRefused("empty")


def organisations_import(
    path: Path | str, *, by=None, reason: str = "", name: str = "", keep_record: bool = True
) -> Summary:
    """Upsert every good row of the file by BIN, in one transaction; return the counts and the rejected rows.

    Reading and checking happen before any write, so a refused file (FileRefused) stores nothing. A BIN met
    twice keeps its first line; the later ones are rejected. History records who (`by`) and why (`reason`).
    """
    sections = section_codes()
    good: dict[str, OrganisationRow] = {}
    rejected: list[Rejected] = []
    rows = 0
    for row in read(Path(path), sections):
        rows += 1
        if isinstance(row, Rejected):
            rejected.append(row)
        elif row.bin in good:
            rejected.append(Rejected(row.line, DUPLICATE, row.raw))
        else:
            good[row.bin] = row
    name = (name or Path(path).name)[:255]
    with transaction.atomic():
        created, updated = _store(list(good.values()), by=by, reason=reason or f"import {name}"[:100])
        unchanged = len(good) - created - updated
        if not keep_record:
            return Summary(rows, created, updated, unchanged, rejected)
        batch = OrganisationImport.objects.create(
            name=name, uploaded_by=by, rows=rows, created=created, updated=updated, unchanged=unchanged,
            rejected=len(rejected),
        )  # fmt: skip
        OrganisationQuarantine.objects.bulk_create(
            OrganisationQuarantine(batch=batch, line=row.line, reason=row.reason, raw=row.raw[:2000])
            for row in rejected
        )
    return Summary(rows, created, updated, unchanged, rejected, batch.pk)


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _store(rows: list[OrganisationRow], *, by, reason: str) -> tuple[int, int]:
    created = updated = 0
    # The untranslated `name` column follows the default language, as the catalogue loader keeps it.
    with transaction.atomic(), translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        for chunk in _chunks(rows, BATCH):
            existing = {
                org.bin: org
                for org in MedicalOrganisation.objects.select_for_update().filter(bin__in=[row.bin for row in chunk])
            }
            new, changed = [], []
            for row in chunk:
                values = row.values()
                org = existing.get(row.bin)
                if org is None:
                    new.append(MedicalOrganisation(bin=row.bin, name=row.name_kk, **values))
                elif any(getattr(org, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(org, name, value)
                    changed.append(org)
            if new:
                bulk_create_with_history(new, MedicalOrganisation, default_user=by, default_change_reason=reason)
            if changed:
                bulk_update_with_history(
                    changed, MedicalOrganisation, list(FIELDS), default_user=by, default_change_reason=reason
                )
            created += len(new)
            updated += len(changed)
    return created, updated


def load_demo() -> Summary:
    """The 30 fictional organisations of the demo database; running it again changes nothing."""
    return organisations_import(DEMO, reason="demo", keep_record=False)


def rejected_csv(rejected: Iterable[Rejected]) -> str:
    """The rejected rows as `;`-separated CSV (line;reason;message;raw), for staff to fix and send again."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["line", "reason", "message", "raw"])
    for row in rejected:
        writer.writerow([row.line, row.reason, row.label, inert(row.raw)])
    return out.getvalue()
