"""Drill: PostgreSQL restarted, then stopped for a few seconds, under load.

A private cluster (never the machine's server) holds the portal's schema; gunicorn (2 workers, DEBUG off,
persistent connections) serves the portal from it while threads keep requesting pages and the API. The
server is restarted (`pg_ctl restart -m fast`) and then stopped for three seconds: every answer is a 200 or a
clean 503 (the Thai page, or JSON `{"detail": …}` under /api/) with Retry-After — never a 500, never a
dropped connection — and once the server is back the same worker processes answer 200 again.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.faults

PATHS = ["/", "/products/", "/tourism/", "/api/v1/products/", "/api/v1/tourism/programs/"]

MAKE_SCHEMA = """
import django
django.setup()
from django.db import connection
from core.areas import load_areas
# The tables from the models (as pytest --nomigrations and bench/_setup.py do: seconds, not a minute of migrations).
connection.settings_dict["TEST"] = {**connection.settings_dict.get("TEST", {}), "NAME": "otop_drill", "MIGRATE": False}
connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
load_areas(provinces={"15"})
"""


@dataclass
class Answer:
    path: str
    started: float
    ended: float
    status: int | None
    headers: dict
    body: str
    error: str = ""


class Load:
    """Threads requesting PATHS in turn until stopped, recording every answer."""

    def __init__(self, portal, threads: int = 4):
        self.portal = portal
        self.answers: list[Answer] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(threads)]

    def _run(self, n: int) -> None:
        i = n
        while not self._stop.is_set():
            path = PATHS[i % len(PATHS)]
            i += 1
            started = time.monotonic()
            try:
                response = self.portal.request("GET", path, timeout=20)
                answer = Answer(
                    path, started, time.monotonic(), response.status, response.headers, response.text
                )
            except OSError as exc:
                answer = Answer(path, started, time.monotonic(), None, {}, "", f"{type(exc).__name__}: {exc}")
            with self._lock:
                self.answers.append(answer)
            time.sleep(0.02)

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)


def _assert_clean_503(answer: Answer) -> None:
    assert answer.headers.get("retry-after", "").isdigit(), answer
    if answer.path.startswith("/api/"):
        assert answer.headers["content-type"].startswith("application/json"), answer
        assert "ฐานข้อมูล" in json.loads(answer.body)["detail"], answer
    else:
        assert answer.headers["content-type"].startswith("text/html"), answer
        assert "ระบบขัดข้องชั่วคราว" in answer.body and 'lang="th"' in answer.body, answer


def test_it_answers_503_while_postgres_restarts_and_recovers_without_a_restart(
    private_postgres, start_portal
):
    import os

    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "otop_portal.settings.test",
        "DATABASE_URL": private_postgres.url("postgres"),
        "REDIS_URL": "",
        "AXES_VERBOSE": "false",
    }
    made = subprocess.run(
        [sys.executable, "-c", MAKE_SCHEMA], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert made.returncode == 0, made.stdout + made.stderr

    portal = start_portal(
        env={
            "DATABASE_URL": private_postgres.url("otop_drill"),
            "REDIS_URL": "",
            "CONN_MAX_AGE": "60",
            "DB_UNAVAILABLE_RETRY_AFTER": "7",
        }
    )
    for path in PATHS:
        assert portal.request("GET", path).status == 200, path
    workers = portal.worker_pids()
    assert len(workers) == 2

    # A quiet restart: each worker holds a persistent connection that the restart breaks. CONN_HEALTH_CHECKS
    # notices it before the connection is used, so not one visitor gets an error once the server is back.
    for _round in range(4):
        for path in PATHS:
            assert portal.request("GET", path).status == 200
    private_postgres.pg_ctl("restart", "-m", "fast")
    quiet = [portal.request("GET", path).status for _round in range(4) for path in PATHS]
    assert quiet == [200] * len(quiet)

    with Load(portal) as load:
        time.sleep(1.0)
        private_postgres.pg_ctl("restart", "-m", "fast")
        restarted = time.monotonic()
        time.sleep(1.5)
        stopping = time.monotonic()
        private_postgres.pg_ctl("stop", "-m", "fast")
        down_from = time.monotonic()
        time.sleep(3.0)
        down_until = time.monotonic()
        private_postgres.pg_ctl("start")
        time.sleep(1.5)

    answers = load.answers
    assert len(answers) > 50, f"only {len(answers)} requests were made"
    failures = [a for a in answers if a.status not in (200, 503)]
    assert not failures, (
        f"{len(failures)} answers were neither 200 nor a 503: "
        f"{[(a.path, a.status, a.error) for a in failures[:5]]}"
    )
    while_down = [a for a in answers if a.started > down_from and a.ended < down_until]
    assert len(while_down) >= 10 and all(a.status == 503 for a in while_down), (
        "every request while the server was stopped is a 503"
    )
    # The restart broke every persistent connection; CONN_HEALTH_CHECKS replaces them before they are used,
    # so once the server accepts connections again no visitor gets a 503 for a stale connection.
    after_restart = [a for a in answers if a.started > restarted and a.ended < stopping]
    assert len(after_restart) >= 10 and all(a.status == 200 for a in after_restart), [
        (a.path, a.status) for a in after_restart if a.status != 200
    ]
    for answer in (a for a in answers if a.status == 503):
        _assert_clean_503(answer)
    assert {a.headers["retry-after"] for a in answers if a.status == 503} == {"7"}
    assert "Internal Server Error" not in portal.log_text(tail=None)

    # Recovered by itself: the same worker processes, every request 200 (the persistent connections broken by
    # the restart were replaced after their health check, not by failing a visitor's request).
    after = [portal.request("GET", path) for _round in range(6) for path in PATHS]
    assert [r.status for r in after] == [200] * len(after)
    assert portal.worker_pids() == workers, "no web process was restarted"
