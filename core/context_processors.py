from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from . import navigation, permissions, selectors
from .notifications import unread_count


def portal(request):
    user = getattr(request, "user", None)
    return {
        "nav_items": navigation.public_items(),
        "member_nav_items": navigation.member_items(user) if user and user.is_authenticated else [],
        "office": settings.OFFICE,
        "site_contact": SimpleLazyObject(selectors.site_contact),
        "is_staff_user": permissions.is_staff_user(user),
        "is_producer": permissions.is_producer(user),
        "is_partner": permissions.is_partner(user),
        "search_url": _search_url(),
        # The bell's count: read only when the header shows it (logged-in pages).
        "unread_notifications": SimpleLazyObject(lambda: unread_count(user=user)) if user and user.is_authenticated
        else 0,
    }


def _search_url():
    try:
        return reverse("search")
    except NoReverseMatch:
        return None
