"""Reads of the shared core that pages need on every request."""

from __future__ import annotations

from django.core.cache import cache

from .models import SiteContact

SITE_CONTACT_CACHE_KEY = "core:site-contact:v1"
SITE_CONTACT_CACHE_SECONDS = 600


def site_contact() -> SiteContact:
    """The office's contact for the footer: the one row staff edit, or a blank one (shown as nothing) when
    staff have not entered it. Cached (the footer is on every page); core.services.site_contact_update
    clears the cache after its transaction commits."""
    contact = cache.get(SITE_CONTACT_CACHE_KEY)
    if contact is None:
        contact = SiteContact.objects.filter(pk=1).first() or SiteContact()
        cache.set(SITE_CONTACT_CACHE_KEY, contact, SITE_CONTACT_CACHE_SECONDS)
    return contact
