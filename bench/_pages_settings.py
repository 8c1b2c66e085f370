"""Settings of the gunicorn server of `bench/pages.py`: the load test's (`_load_settings`: the portal's own, DEBUG
off, per-address throttles raised because every client is 127.0.0.1, static files from the finders, no e-mail),
with `_pages_urls` as ROOT_URLCONF (the portal's URLs plus the bare view `/__bare__/`)."""

from _load_settings import *  # noqa: F403

ROOT_URLCONF = "_pages_urls"
