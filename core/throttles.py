from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle


class AnonSubmissionThrottle(AnonRateThrottle):
    """Anonymous submissions (booking requests, event registrations) per address, at the rate
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon_booking"]. Used by API actions and, through
    `allow_request(request, view)`, by the public HTML forms that create rows.

    The counters live in the "throttles" cache: Redis, shared by every web process, and while Redis is
    away a per-process local-memory counter (core.cache.SafeRedisCache with LOCAL_FALLBACK) — the limit
    keeps holding (per process, so at most workers x the rate), never "no limit" and never a 500."""

    scope = "anon_booking"

    @property
    def cache(self):  # type: ignore[override]
        # Looked up on use, not at import: follows CACHES (and override_settings in tests).
        return caches["throttles"]
