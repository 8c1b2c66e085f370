from django.core.management.base import BaseCommand

from search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the Thai-aware search index from every app's public content."

    def handle(self, *args, **options):
        counts = rebuild()
        self.stdout.write(
            self.style.SUCCESS("search index rebuilt: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        )
