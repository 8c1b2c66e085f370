"""Real worker processes for the drills, with settings of their own (tests/faults/worker_settings.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest

from tests.conftest import ROOT, _database_url


class DrillWorker:
    """One `celery -A otop_portal worker` process (solo pool) consuming one queue of its own."""

    def __init__(self, settings, queue: str, env: dict[str, str], control_app=None):
        self.queue = queue
        self.name = f"{queue}-{uuid.uuid4().hex[:4]}@{os.uname().nodename}"
        full_env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
            "DEBUG": "false",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": settings.TEST_REDIS_URL,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "EMAIL_URL": "consolemail://",
            **env,
        }
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "otop_portal",
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
                "--loglevel=WARNING",
                "-n",
                self.name,
            ],
            cwd=ROOT,
            env=full_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        from otop_portal.celery import app

        control = control_app or app
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"celery worker exited: {self.proc.stdout.read()}")
            if control.control.ping(destination=[self.name], timeout=0.5):
                return
        self.stop()
        pytest.fail("celery worker did not answer within 30 s")

    def kill(self) -> None:
        """SIGKILL: no cleanup, no ack, the database connection dropped with the process."""
        self.proc.kill()
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


@pytest.fixture
def drill_worker(transactional_db, settings):
    """drill_worker(env={...}, queue=None, control_app=None) -> a started DrillWorker (stopped at the end).
    Skips when no Redis answers, unless OTOP_REQUIRE_REDIS=1 (CI)."""
    if not getattr(settings, "REDIS_AVAILABLE", False):
        if os.environ.get("OTOP_REQUIRE_REDIS") == "1":
            pytest.fail(f"no Redis answers at {settings.TEST_REDIS_URL} (OTOP_REQUIRE_REDIS=1)")
        pytest.skip(f"no Redis server answers at {settings.TEST_REDIS_URL}")
    started: list[DrillWorker] = []

    def start(*, env: dict[str, str], queue: str | None = None, control_app=None) -> DrillWorker:
        worker = DrillWorker(settings, queue or f"drill-{uuid.uuid4().hex[:8]}", env, control_app)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def wait_for(predicate, *, timeout: float = 40, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")
