from django.contrib.sitemaps.views import sitemap
from django.urls import path

from core.pagecache import public_page

from .sitemaps import SITEMAPS
from .views import SearchView

urlpatterns = [
    path("search/", SearchView.as_view(), name="search"),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
]
