"""Settings of the worker processes the drills start: the production settings (base) plus what the drill
injects through the environment — a failing e-mail backend, the broker's transport options (a short
visibility timeout, a key prefix of its own), and the report pause hook (tests/faults/worker_hooks.py).
Nothing here is imported by the portal itself."""

import json
import os

from otop_portal.settings.base import *  # noqa: F403

EMAIL_BACKEND = os.environ.get("OTOP_FAULTS_EMAIL_BACKEND", EMAIL_BACKEND)  # noqa: F405
if os.environ.get("OTOP_FAULTS_TRANSPORT_OPTIONS"):
    CELERY_BROKER_TRANSPORT_OPTIONS = json.loads(os.environ["OTOP_FAULTS_TRANSPORT_OPTIONS"])

from tests.faults import worker_hooks  # noqa: E402, F401  (connects the hooks to the worker's signals)
