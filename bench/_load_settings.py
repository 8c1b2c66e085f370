"""Settings of the gunicorn server that `bench/load_test.py` starts: the portal's own settings
(`otop_portal.settings.base`, DEBUG off, database, SECRET_KEY and MEDIA_ROOT from the environment the load
test gives), with only what a load test from one machine needs changed:

- the per-address throttles (anonymous bookings 30/hour, booking lookups 20/hour, anon 1000/hour) are raised:
  all the simulated users come from 127.0.0.1, which production would rightly treat as one visitor;
- static files are served by whitenoise from the finders (no `collectstatic`, which takes ~40 s with the
  compression): the load test requests pages and the API, not the bundles;
- e-mail goes nowhere (every booking e-mails the tourist and the coordinators);
- database connections persist as in production (`CONN_MAX_AGE` 60, `otop_portal/settings/production.py`):
  opening one per request would cost more than serving a cached page.
"""

from otop_portal.settings.base import *  # noqa: F403
from otop_portal.settings.base import DATABASES, REST_FRAMEWORK, STORAGES

LOAD_TEST_THROTTLE_RATES = {
    "anon_booking": "100000/hour",
    "anon": "1000000/hour",
    "booking_lookup": "100000/hour",
}

REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": LOAD_TEST_THROTTLE_RATES}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
AXES_VERBOSE = False
STATIC_ROOT = None  # nothing collected: whitenoise serves from the finders
DATABASES["default"]["CONN_MAX_AGE"] = 60
