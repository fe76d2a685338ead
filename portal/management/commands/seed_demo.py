"""Fill an empty database with the demo sample. Running it twice changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.models import Person
from appeals import demo as appeals_demo
from coverage.organisations import load_demo as load_demo_organisations
from payments import demo as payments_demo
from payments.services.recompute import status_recompute
from providers import demo as providers_demo
from transparency.services import figures_refresh, insured_backfill


class Command(BaseCommand):
    help = "Load demo people, payments, categories and staff of every role (embedded mode only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--crowd", type=int, default=800, help="extra people with random histories (enough for /transparency/)"
        )

    def handle(self, *args, crowd, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo creates accounts with published passwords; it runs only with DEBUG on.")
        with transaction.atomic():
            loaded = payments_demo.load(timezone.localdate(), crowd=crowd)
            load_demo_organisations()
            staff = accounts_demo.load_staff()
            citizens = [
                accounts_demo.load_citizen(loaded.people["insured_employee"], "aigerim@example.kz"),
                accounts_demo.load_citizen(loaded.people["gap_self_payer"], "erlan@example.kz"),
            ]
            provider = providers_demo.load()
        status_recompute(iins=Person.objects.values_list("iin", flat=True), trigger="demo")
        appeals_demo.load()  # after the statuses: reviews are written by insured people
        insured_backfill()  # the published figures: the months before today, as the rules answered then
        figures_refresh()
        self.stdout.write("Demo data " + ("loaded." if loaded.created else "already present; nothing changed."))
        self.stdout.write("\nDemo logins (http://127.0.0.1:8000):")
        for user in citizens:
            self.stdout.write(
                f"  citizen   IIN {user.username}  password {accounts_demo.CITIZEN_PASSWORD}  ({user.person.full_name})"
            )
        self.stdout.write(
            f"  provider  IIN {provider.user.username}  password {providers_demo.PROVIDER_PASSWORD}  (front desk)"
        )
        for user in staff:
            role = user.groups.first().name
            self.stdout.write(
                f"  staff     /admin/  {user.username:<9} password {accounts_demo.STAFF_PASSWORD}  ({role})"
            )
        self.stdout.write(
            f"  staff second factor: authenticator app secret {accounts_demo.STAFF_TOTP_SECRET} (all demo staff), "
            "or the code now: .venv/bin/python manage.py demo_code"
        )
