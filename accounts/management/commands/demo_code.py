"""The code an authenticator app with the demo staff's secret shows now (embedded mode only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from accounts import demo


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo staff accounts (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code prints the demo staff's code from a published secret; DEBUG only.")
        self.stdout.write(f"{totp(bytes.fromhex(demo.staff_totp_key())):06d}")
