from django.core.management.base import BaseCommand

from transparency import services


class Command(BaseCommand):
    help = "Count the past months not counted yet (--backfill) and refresh the published figures."

    def add_arguments(self, parser):
        parser.add_argument("--backfill", action="store_true", help="first count the past months with no figures")

    def handle(self, *args, backfill=False, **options):
        if backfill:
            for month in services.insured_backfill():
                self.stdout.write(f"counted {month:%Y-%m}")
        refreshed = services.figures_refresh()
        self.stdout.write(f"figures refreshed: {refreshed.people} people counted for {refreshed.month:%Y-%m}")
