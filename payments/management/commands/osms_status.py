"""Print a person's insurance status as JSON (the command-line contract in README)."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from accounts import iin as iin_rules
from payments.selectors import status_report


class Command(BaseCommand):
    help = "Insurance status of an IIN today (stored) or on any date (--on YYYY-MM-DD), as JSON."

    def add_arguments(self, parser):
        parser.add_argument("iin")
        parser.add_argument("--on", help="YYYY-MM-DD; default: today, the stored current status")

    def handle(self, *args, iin, on, **options):
        try:
            number = iin_rules.validate(iin)
        except iin_rules.InvalidNumber as error:
            raise CommandError(f"invalid IIN {iin!r}: {error.code}") from None
        day = None
        if on:
            try:
                day = date.fromisoformat(on)
            except ValueError:
                raise CommandError(f"--on must be a date as YYYY-MM-DD, not {on!r}") from None
        self.stdout.write(json.dumps(status_report(number, on=day), ensure_ascii=False))
