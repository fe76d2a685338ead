"""Import a payment register file and print {"rows", "imported", "duplicates", "quarantined"} as JSON."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from payments import importing
from payments.models import Register
from payments.tasks import import_and_recompute

REFUSALS = {
    "empty": "the file is empty",
    "header": "the header is not the register header (see README)",
    "encoding": "the file is not valid UTF-8",
    "format": "the file cannot be read as CSV or XLSX",
}


class Command(BaseCommand):
    help = "Import a payment register (CSV or XLSX, rules document section 10)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--kind", choices=[k.value for k in Register.Kind], default=Register.Kind.PAYMENTS,
            help="payments (default) or categories (a preferential-category registry: iin;category;start;end)",
        )  # fmt: skip

    def handle(self, *args, file, kind, **options):
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        register = Register.objects.create(name=file.name[:255], kind=kind)
        try:
            register = import_and_recompute(register, path=file)
        except importing.FileRefused as refusal:
            detail = f" ({refusal.detail})" if refusal.detail else ""
            raise CommandError(f"refused: {REFUSALS[refusal.code]}{detail}; nothing was stored") from None
        self.stdout.write(json.dumps(register.summary()))
