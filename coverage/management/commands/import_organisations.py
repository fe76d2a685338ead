"""Import medical organisations from a CSV file; print {"rows", "created", "updated", "unchanged", "rejected"}.

    manage.py import_organisations FILE

The JSON summary goes to stdout, each rejected line to stderr (line, reason, message, the line as received).
A refused file (empty, not UTF-8, wrong header) stores nothing and exits with status 1.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from coverage.organisations import FileRefused, organisations_import


class Command(BaseCommand):
    help = "Import medical organisations (UTF-8 CSV, bin;name_kk;name_ru;name_en;region;kind;address;...)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        with translation.override("en"):
            try:
                summary = organisations_import(file, reason=f"import_organisations {file.name}"[:100])
            except FileRefused as refusal:
                detail = f" ({refusal.detail})" if refusal.detail else ""
                raise CommandError(f"refused: {refusal.message}{detail} Nothing was stored.") from None
            for row in summary.rejected:
                self.stderr.write(f"line {row.line}: {row.reason}: {row.label}: {row.raw}")
        self.stdout.write(json.dumps(summary.as_dict()))
