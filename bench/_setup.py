"""Django set-up shared by the benchmark scripts."""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otop_portal.settings.base")

import django  # noqa: E402

django.setup()


class Rollback(Exception):
    pass


def timed(func, repeat=7):
    """Median wall time of `repeat` calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2]
