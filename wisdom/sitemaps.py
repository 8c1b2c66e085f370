"""Sitemap of the registry: only what an anonymous visitor may see (published, public)."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap

from .models import WisdomRecord


class WisdomRecordSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return WisdomRecord.objects.visible_to(AnonymousUser()).published().order_by("pk")

    def lastmod(self, record):
        return record.updated_at
