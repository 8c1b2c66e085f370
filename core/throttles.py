from rest_framework.throttling import AnonRateThrottle


class AnonSubmissionThrottle(AnonRateThrottle):
    """Anonymous submissions (booking requests, event registrations) per address, at the rate
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon_booking"]. Used by API actions and, through
    `allow_request(request, view)`, by the public HTML forms that create rows."""

    scope = "anon_booking"
