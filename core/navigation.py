"""Site navigation assembled from the apps: each AppConfig may declare
``nav_items = [{"url_name": ..., "label": ..., "order": ...}]`` (public menu)
and ``member_nav_items`` (shown to logged-in users). A part not built yet
declares nothing and so is absent from the menu.

A member item may say which roles use it: ``"roles": ("producer", "staff")`` (the names of
core.permissions: staff, producer, partner, expert). The logged-in menu then shows each user only
the items of their roles (``member_items(user)``); an item without ``roles`` is for every member.
Roles come from the account alone (no query), so the menu costs nothing on any page."""

from functools import cache

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from . import permissions


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


def roles_of(user) -> frozenset[str]:
    """The roles whose menu items `user` sees (superusers are staff)."""
    checks = {permissions.STAFF: permissions.is_staff_user, permissions.PRODUCER: permissions.is_producer,
              permissions.PARTNER: permissions.is_partner, permissions.EXPERT: permissions.is_expert}
    if not permissions.is_member(user):
        return frozenset()
    return frozenset(role for role, check in checks.items() if check(user))


def member_items(user=None):
    """The logged-in menu of `user` (every member item when no user is given)."""
    items = _collect("member_nav_items")
    if user is None:
        return items
    roles = roles_of(user)
    return [i for i in items if "roles" not in i or roles.intersection(i["roles"])]
