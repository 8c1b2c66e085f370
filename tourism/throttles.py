from rest_framework.throttling import AnonRateThrottle


class AnonBookingThrottle(AnonRateThrottle):
    """Anonymous booking requests per IP (rate: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon_booking"]).
    Used by the API create action and by the booking form of the program page."""

    scope = "anon_booking"
