"""/sitemap.xml: only what an anonymous visitor may see.

One section per search adapter, listing the adapter's anonymous queryset — the rows
`Model.objects.visible_to(ANONYMOUS)` shows (narrowed as search narrows them) — so the sitemap,
the search index and the pages follow the same rule."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from core import search_registry


class AdapterSitemap(Sitemap):
    def __init__(self, adapter: search_registry.Adapter):
        self.adapter = adapter
        self.priority = adapter.sitemap_priority
        self.changefreq = adapter.sitemap_changefreq

    def items(self):
        return self.adapter.public().order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


# Built when the URLconf loads, after every app's search module registered its adapters (ready()).
SITEMAPS = {adapter.kind: AdapterSitemap(adapter) for adapter in search_registry.adapters()}
