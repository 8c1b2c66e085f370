"""The gunicorn server the HTTP benchmarks start (`load_test.py`, `pages.py`): on a free port, against a
scratch database, DEBUG off, a generated SECRET_KEY, and stopped with the benchmark (also when it is killed).

No Django set-up of its own: the caller has done `import _setup`.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.db import connection

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def _die_with_parent() -> None:
    """In the child: SIGTERM when the benchmark dies (even by SIGKILL), so no server is left running."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(name: str) -> str:
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    if host.startswith("/"):  # a socket folder (the project-local PostgreSQL): postgres://user@//dir/name
        return f"postgres://{user}{password}@/{host}/{name}"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{name}"


def server_env(
    name: str,
    *,
    media_root: str,
    settings: str = "_load_settings",
    secret_key: str | None = None,
    extra: dict | None = None,
) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "DEBUG")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": settings,
            "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT)]),
            "DATABASE_URL": database_url(name),
            "SECRET_KEY": secret_key or secrets.token_urlsafe(50),
            "DEBUG": "false",
            "MEDIA_ROOT": media_root,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PYTHONUNBUFFERED": "1",
            **(extra or {}),
        }
    )
    return env


def start_gunicorn(
    *,
    name: str,
    port: int,
    workers: int,
    threads: int,
    log: Path,
    media_root: str,
    settings: str = "_load_settings",
    secret_key: str | None = None,
    who: str = "load_test",
    extra_env: dict | None = None,
) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "otop_portal.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--timeout",
        "120",
        "--graceful-timeout",
        "30",
        # Longer than any user's think time: with gunicorn's default (2 s) the server closes idle connections
        # just as a user sends its next request on them (connection reset, nothing processed).
        "--keep-alive",
        "75",
        "--log-level",
        "warning",
    ]
    out = open(log, "w", encoding="utf-8")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=server_env(name, media_root=media_root, settings=settings, secret_key=secret_key, extra=extra_env),
        stdout=out,
        stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent,
    )
    deadline = time.monotonic() + 90
    url = f"http://127.0.0.1:{port}/static/css/portal.css"
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"{who}: gunicorn exited with {proc.returncode}:\n{tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return proc
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            stop(proc)
            raise SystemExit(f"{who}: gunicorn did not answer within 90 s:\n{tail(log)}")
        time.sleep(0.3)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
