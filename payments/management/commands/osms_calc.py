"""Print what a payer owes for a month as JSON (the command-line contract in README)."""

import json

from django.core.management.base import BaseCommand, CommandError

from payments import rules
from payments.selectors import calculation, parse_period


class Command(BaseCommand):
    help = "OSMS amounts (KNP 121 and 122) for a payer type, a month and zero or more incomes, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--payer", required=True, choices=list(rules.PAYER_TYPES))
        parser.add_argument("--period", required=True, help="YYYY-MM")
        parser.add_argument("--income", action="append", default=[], help="income of one job; repeat for several")

    def handle(self, *args, payer, period, income, **options):
        try:
            first = parse_period(period)
        except ValueError:
            raise CommandError(f"--period must be YYYY-MM, not {period!r}") from None
        try:
            answer = calculation(payer_type=payer, period=first, incomes=income)
        except rules.NoRules as error:
            raise CommandError(str(error)) from None
        except (ArithmeticError, ValueError) as error:
            raise CommandError(f"--income must be a non-negative amount: {error}") from None
        self.stdout.write(json.dumps(answer))
