"""Site navigation assembled from the apps: each AppConfig may declare
``nav_items = [{"url_name": ..., "label": ..., "order": ...}]`` (public menu)
and ``member_nav_items`` (shown to logged-in users). A part not built yet
declares nothing and so is absent from the menu."""

from functools import cache

from django.apps import apps
from django.urls import NoReverseMatch, reverse


@cache
def _collect(attr):
    items = []
    for config in apps.get_app_configs():
        for item in getattr(config, attr, []):
            try:
                url = reverse(item["url_name"])
            except NoReverseMatch:
                continue
            items.append({**item, "url": url})
    return sorted(items, key=lambda i: i.get("order", 50))


def public_items():
    return _collect("nav_items")


def member_items():
    return _collect("member_nav_items")
