"""Settings for the pytest suite: real PostgreSQL, mail kept in memory."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The outbox's delivery task runs in-process after commit, so services' e-mails land in mail.outbox
# (the drills in tests/faults/ switch this off and deliver through a real worker).
EMAIL_DELIVER_INLINE = True
NOTIFY_DELIVER_INLINE = True
LINE_CHANNEL_ACCESS_TOKEN = ""
LINE_CHANNEL_SECRET = ""
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="otop-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "th"
AXES_ENABLED = True
CELERY_TASK_ALWAYS_EAGER = False
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon_booking": "1000/minute", "anon": "100000/hour", "booking_lookup": "1000/minute"}}  # noqa: F405


def _redis_answers(url: str) -> bool:
    import socket
    from urllib.parse import urlparse

    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=0.5):
            return True
    except OSError:
        return False


# Tests that need Redis (the Celery wiring through a real worker) run when a
# Redis server answers at REDIS_URL or 127.0.0.1:6379, and skip with a reason
# otherwise (CI sets OTOP_REQUIRE_REDIS=1 to make a missing Redis a failure).
TEST_REDIS_URL = env("REDIS_URL", default="") or "redis://127.0.0.1:6379/15"  # noqa: F405
REDIS_AVAILABLE = _redis_answers(TEST_REDIS_URL)
if REDIS_AVAILABLE:
    CELERY_BROKER_URL = TEST_REDIS_URL
    CELERY_RESULT_BACKEND = TEST_REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 5}  # fail fast, as in base

# A read-replica alias that is a test mirror of "default" (Django's TEST["MIRROR"]: the same test database
# through a connection of its own). The router sends nothing there unless a test turns it on with
# `settings.DATABASE_REPLICA_ALIAS = "replica"` (tests/core/test_db_router.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
DATABASE_REPLICA_ALIAS = ""
