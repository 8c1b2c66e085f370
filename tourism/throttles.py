from django.core.exceptions import ImproperlyConfigured

from core.throttles import AnonSubmissionThrottle


class AnonBookingThrottle(AnonSubmissionThrottle):
    """Anonymous booking requests (the API create action and the program page's booking form)."""


class BookingLookupThrottle(AnonSubmissionThrottle):
    """Lookups of a booking by its code (the status page, its contact form, the lookup form, the API's
    ``by-code`` and ``?code=``), failed and successful alike, per client address (X-Forwarded-For only
    behind TRUSTED_PROXY_COUNT proxies) and for every visitor, logged in or not: the contact proof is
    only 4 digits, so guessing must be slow. Rate: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["booking_lookup"]
    (DEFAULT_RATE until the setting names it)."""

    scope = "booking_lookup"
    DEFAULT_RATE = "20/hour"

    def get_rate(self):
        try:
            return super().get_rate()
        except ImproperlyConfigured:
            return self.DEFAULT_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
