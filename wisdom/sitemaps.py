"""Sitemap of the registry: only what an anonymous visitor may see (published, public)."""

from django.contrib.sitemaps import Sitemap

from .selectors import sitemap_records


class WisdomRecordSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return sitemap_records()

    def lastmod(self, record):
        return record.updated_at
