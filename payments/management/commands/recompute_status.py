"""Recompute stored statuses by hand: everyone, or the IINs given."""

from django.core.management.base import BaseCommand, CommandError

from accounts import iin as iin_rules
from accounts.models import Person
from payments.services.recompute import status_recompute


class Command(BaseCommand):
    help = "Recompute the stored insurance status of everyone (--all) or of the IINs given."

    def add_arguments(self, parser):
        parser.add_argument("iins", nargs="*")
        parser.add_argument("--all", action="store_true")

    def handle(self, *args, iins, all, **options):
        if all == bool(iins):
            raise CommandError("give either --all or one or more IINs")
        bad = [number for number in iins if not iin_rules.is_valid(number)]
        if bad:
            raise CommandError(f"invalid IIN: {', '.join(bad)}")
        targets = Person.objects.values_list("iin", flat=True) if all else iins
        result = status_recompute(iins=targets, trigger="manual")
        self.stdout.write(f"recomputed {result.people} people, {result.changed} changed")
