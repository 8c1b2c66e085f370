import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from core.areas import load_areas

# Order matters: later apps link to earlier apps' demo rows.
DEMO_MODULES = ["core.demo", "wisdom.demo", "products.demo", "network.demo", "tourism.demo",
                "evaluation.demo", "benefits.demo", "campaigns.demo", "search.demo"]


class Command(BaseCommand):
    help = "Load the demo data (marked is_demo). Idempotent: a second run duplicates nothing."

    def handle(self, *args, **options):
        load_areas()
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name == name:
                    continue
                raise
            with transaction.atomic():
                summary = module.load()
            self.stdout.write(f"{name}: {summary or 'ok'}")
        self.stdout.write(self.style.SUCCESS("demo data loaded"))
