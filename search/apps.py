from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Thai-aware full-text search over the public content of every domain app.

    Depends on the domain apps (through search/adapters.py); none depends on it."""

    name = "search"
    verbose_name = _("การค้นหา")

    def ready(self):
        from . import adapters, index

        adapters.register_all()
        index.connect_signals()
