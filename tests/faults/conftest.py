"""What the fault drills share: private servers they may stop and start (never the machine's Redis or
PostgreSQL, which other people use), the portal served by gunicorn in a subprocess, and a small HTTP client.

A drill skips with the reason when a binary it needs is missing; with OTOP_REQUIRE_REDIS=1 (CI) a missing
redis-server is a failure instead.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import _database_url

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, *, timeout: float = 40, what: str = "condition", interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"{what} within {timeout:.0f} s")


# --- A private Redis ------------------------------------------------------------------------------


@dataclass
class PrivateRedis:
    """redis-server on a free port of its own, no persistence; `kill()` and `start()` again on the same port."""

    binary: str
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.3) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=10, what=f"private redis-server did not answer on port {self.port}")

    def kill(self) -> None:
        """Stop it hard, as a crash would (SIGKILL: no goodbye to the clients)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None

    def freeze(self) -> None:
        """SIGSTOP: the port still accepts connections but nothing answers (a hung Redis)."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGCONT)


def redis_binary() -> str:
    binary = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None
    )
    if binary is None:
        reason = "redis-server is not installed (apt-get install redis-server)"
        if os.environ.get("OTOP_REQUIRE_REDIS") == "1":
            pytest.fail(f"{reason}; OTOP_REQUIRE_REDIS=1")
        pytest.skip(reason)
    return binary


@pytest.fixture
def private_redis():
    server = PrivateRedis(redis_binary())
    server.start()
    try:
        yield server
    finally:
        if server.proc is not None:
            server.thaw()
        server.kill()


# --- The portal in a subprocess ----------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    set_cookies: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class Portal:
    """The portal served by gunicorn (`otop_portal.wsgi`, DEBUG off) in a subprocess."""

    def __init__(self, *, env: dict[str, str], workers: int, log: Path):
        self.port = free_port()
        self.log = log
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "otop_portal.settings.test",
            "DEBUG": "false",
            "AXES_VERBOSE": "false",
            **env,
        }
        self._log_file = open(log, "wb")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "otop_portal.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

        def up() -> bool:
            if self.proc.poll() is not None:
                pytest.fail(f"gunicorn exited:\n{self.log_text()}")
            try:
                return self.request("GET", "/accounts/login/", timeout=5).status == 200
            except OSError:
                return False

        wait_for(up, timeout=60, what=f"the portal did not answer\n{self.log_text()}", interval=0.3)

    def log_text(self, *, tail: int | None = 6000) -> str:
        self._log_file.flush()
        text = self.log.read_text(errors="replace")
        return text[-tail:] if tail else text

    def worker_pids(self) -> set[int]:
        import psutil

        return {child.pid for child in psutil.Process(self.proc.pid).children()}

    def request(
        self,
        method: str,
        path: str,
        *,
        data: dict | None = None,
        json_body=None,
        headers: dict[str, str] | None = None,
        timeout: float = 20,
    ) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = dict(headers or {})
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            body = json.dumps(json_body)
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            return Response(
                raw.status,
                {k.lower(): v for k, v in raw.getheaders()},
                raw.read(),
                [v for k, v in raw.getheaders() if k.lower() == "set-cookie"],
            )
        finally:
            connection.close()

    def browser(self) -> Browser:
        return Browser(self)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log_file.close()


class Browser:
    """Cookies kept between requests, and Django's CSRF token sent with posted forms (a real server
    checks it, unlike the test client)."""

    def __init__(self, portal: Portal):
        self.portal = portal
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs) -> Response:
        headers = dict(kwargs.pop("headers", None) or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = self.portal.request(method, path, headers=headers, **kwargs)
        for name, value in _set_cookies(response):
            self.cookies[name] = value
        return response

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_form(self, path: str, data: dict) -> Response:
        """Open the form's page (which sets the CSRF cookie), then post `data` with the token."""
        if "csrftoken" not in self.cookies:
            self.get(path)
        return self.request("POST", path, data={**data, "csrfmiddlewaretoken": self.cookies["csrftoken"]})


def _set_cookies(response: Response):
    from http.cookies import SimpleCookie

    cookie: SimpleCookie = SimpleCookie()
    for header in response.set_cookies:
        cookie.load(header)
    return [(name, morsel.value) for name, morsel in cookie.items()]


def database_url_of(settings_dict: dict) -> str:
    """The URL of a Django database settings dict, for a subprocess."""
    host = settings_dict["HOST"]
    if host.startswith("/"):
        return f"postgres://{settings_dict['USER']}@/{host}/{settings_dict['NAME']}"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    return (
        f"postgres://{settings_dict['USER']}{password}@{host or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/"
        f"{settings_dict['NAME']}"
    )


@pytest.fixture
def start_portal(tmp_path):
    """start_portal(env=..., workers=2) -> a running Portal, stopped at the end of the test."""
    started: list[Portal] = []

    def start(*, env: dict[str, str], workers: int = 2) -> Portal:
        portal = Portal(
            env={"MEDIA_ROOT": str(tmp_path / "media"), "EMAIL_URL": "consolemail://", **env},
            workers=workers,
            log=tmp_path / f"gunicorn-{len(started)}.log",
        )
        started.append(portal)
        return portal

    yield start
    for portal in started:
        portal.stop()


# --- A private PostgreSQL cluster ------------------------------------------------------------------------


def postgres_bindirs() -> list[Path]:
    """Folders with PostgreSQL server binaries: the pgserver wheel's PostgreSQL 16 (as `make run` uses; found
    without importing the package), then the system's (`pg_config --bindir`)."""
    import importlib.util

    found = []
    spec = importlib.util.find_spec("pgserver")
    if spec is not None and spec.submodule_search_locations:
        found.append(Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin")
    pg_config = shutil.which("pg_config")
    if pg_config:
        bindir = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout.strip()
        found.append(Path(bindir))
    return [d for d in found if (d / "pg_ctl").exists() and (d / "initdb").exists()]


def _server_user() -> str | None:
    """PostgreSQL refuses to run as root: as root, the `postgres` system user (or `pgserver`, created as the
    pgserver wheel does)."""
    import pwd

    if os.geteuid() != 0:
        return None
    for name in ("postgres", "pgserver"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    from pgserver.utils import ensure_user_exists

    ensure_user_exists("pgserver")
    return "pgserver"


class PrivatePostgres:
    """A throw-away cluster (initdb, pg_ctl) in a temporary folder, on a free TCP port of 127.0.0.1, that the
    drill may restart and stop. As root the server runs as the `postgres` (or `pgserver`) system user."""

    def __init__(self):
        import pwd
        import tempfile

        bindirs = postgres_bindirs()
        if not bindirs:
            pytest.skip("no PostgreSQL server binaries (neither the pgserver wheel nor pg_config --bindir)")
        self.user = _server_user()
        # The first whose binaries the server's user may run (a venv under /root is not readable by postgres).
        runnable = [
            d
            for d in bindirs
            if subprocess.run(
                [str(d / "initdb"), "--version"], capture_output=True, user=self.user
            ).returncode
            == 0
        ]
        if not runnable:
            pytest.fail(f"the PostgreSQL binaries in {bindirs} cannot be run by the user {self.user}")
        self.bindir = runnable[0]
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="otop-drill-pg-"))
        self.data = self.dir / "data"
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
            "--locale=C",
        )

    def _run(self, command: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [str(self.bindir / command), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            user=self.user,
            cwd=self.dir,
        )
        if done.returncode != 0:
            pytest.fail(f"{command} {' '.join(args)} failed: {done.stdout}{done.stderr}")
        return done

    def pg_ctl(self, action: str, *args: str) -> None:
        if action in ("start", "restart"):
            options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off"
            args = ("-l", str(self.dir / "server.log"), "-o", options, *args)
        self._run("pg_ctl", action, "-D", str(self.data), "-w", "-t", "30", *args)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def close(self) -> None:
        subprocess.run(
            [str(self.bindir / "pg_ctl"), "stop", "-D", str(self.data), "-m", "immediate", "-w"],
            capture_output=True,
            user=self.user,
            cwd=self.dir,
        )
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def private_postgres():
    server = PrivatePostgres()
    server.pg_ctl("start")
    try:
        yield server
    finally:
        server.close()


def worker_command(queue: str, name: str) -> list[str]:
    """A `celery -A otop_portal worker` (solo pool, quiet) consuming only `queue`, named `name`."""
    return [
        sys.executable, "-m", "celery", "-A", "otop_portal", "worker", "--pool=solo", "-Q", queue,
        "--without-heartbeat", "--without-mingle", "--without-gossip", "--loglevel=WARNING", "-n", name,
    ]


# --- Real Celery workers with settings of their own (tests/faults/worker_settings.py) --------------


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
            worker_command(queue, self.name),
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
