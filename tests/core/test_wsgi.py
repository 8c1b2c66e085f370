"""The WSGI entry point every server uses (gunicorn through `make run`, the Procfile, systemd, the benchmarks)."""

import subprocess
import sys

from django.conf import settings


def test_the_loaded_portal_is_frozen_out_of_the_garbage_collectors_sight():
    # In a fresh interpreter: importing the entry point loads Django, the apps and the URLconf, then freezes them,
    # so full collections no longer walk the ~300,000 long-lived objects (bench/README.md, "Latest: a quiet machine, after the third pass").
    code = (
        "import gc, sys; import otop_portal.wsgi as w; "
        "assert callable(w.application); "
        "assert 'otop_portal.urls' in sys.modules, 'the URLconf is loaded before the freeze'; "
        "print(gc.get_freeze_count())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         check=True, cwd=settings.BASE_DIR)
    assert int(out.stdout.strip().splitlines()[-1]) > 100_000
