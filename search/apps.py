from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Thai-aware full-text search over the public content of every domain app.

    The top layer: each domain app declares its adapters in its own ``<app>/search.py``
    (registered in core.search_registry on import); this app imports those modules here and
    keeps the index current. None of the domain apps imports it."""

    name = "search"
    verbose_name = _("การค้นหา")

    def ready(self):
        from network import search as network_search  # noqa: F401  (registers its adapters)
        from products import search as products_search  # noqa: F401
        from tourism import search as tourism_search  # noqa: F401
        from wisdom import search as wisdom_search  # noqa: F401

        from . import index

        index.connect_signals()
