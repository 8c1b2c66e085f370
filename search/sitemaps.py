"""/sitemap.xml: only what an anonymous visitor may see.

Wisdom records come from the wisdom app's own sitemap; everything else public
comes from the search index, which holds exactly the published, public objects."""

from django.contrib.sitemaps import Sitemap

from wisdom.sitemaps import WisdomRecordSitemap

from .models import SearchEntry, Visibility


class PublicContentSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return SearchEntry.objects.filter(visibility=Visibility.PUBLIC).exclude(kind="wisdom").order_by("kind", "pk")

    def location(self, entry):
        return entry.url

    def lastmod(self, entry):
        return entry.updated_at


SITEMAPS = {"wisdom": WisdomRecordSitemap, "content": PublicContentSitemap}
