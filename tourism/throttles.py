from core.throttles import AnonSubmissionThrottle


class AnonBookingThrottle(AnonSubmissionThrottle):
    """Anonymous booking requests (the API create action and the program page's booking form)."""
