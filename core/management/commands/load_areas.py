from django.core.management.base import BaseCommand

from core.areas import load_areas


class Command(BaseCommand):
    help = "Load Thailand's administrative areas (DOPA codes). Ang Thong by default; --all for the country."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="load every province")
        parser.add_argument("--province", action="append", default=None, help="province code (repeatable)")

    def handle(self, *args, **options):
        provinces = None if options["all"] else set(options["province"] or ["15"])
        counts = load_areas(provinces=provinces)
        self.stdout.write(self.style.SUCCESS(
            "areas loaded: {provinces} provinces, {districts} districts, {subdistricts} subdistricts".format(**counts)))
