"""`make run`: the whole portal on one machine, served as production serves it, until Ctrl-C.
`make dev` (`run.py --dev`): the same with Django's runserver (autoreload) and DEBUG=true.

1. PostgreSQL: DATABASE_URL from the environment, else the project-local server
   (scripts/localdb.py), whose URL goes into .env.
2. migrate, load the areas and the demo data (idempotent), collect static files.
3. Start the web server on HOST:PORT (127.0.0.1:8000) — gunicorn (gthread workers from the core count,
   DEBUG off, static files from STATIC_ROOT through whitenoise, access log on stdout), or runserver with
   --dev — and a Celery worker with embedded beat consuming every queue (Redis when REDIS_URL is set,
   else the filesystem broker under .local/celery).
4. Ctrl-C stops everything this script started, the local PostgreSQL included.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import localdb  # noqa: E402

PY = sys.executable
HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")


# Workers: gunicorn's rule of thumb (2 x cores + 1), capped so a big machine does not start dozens of
# Django processes (memory); WEB_CONCURRENCY overrides. Each worker has WEB_THREADS threads (gthread).
MAX_WEB_WORKERS = 8


def web_workers(cores: int | None = None) -> int:
    if os.environ.get("WEB_CONCURRENCY"):
        return max(1, int(os.environ["WEB_CONCURRENCY"]))
    cores = cores or os.cpu_count() or 1
    return max(2, min(2 * cores + 1, MAX_WEB_WORKERS))


def gunicorn_command(*, host: str = HOST, port: str = PORT, cores: int | None = None) -> list[str]:
    """gunicorn as production runs it (the Procfile's web line is the same server)."""
    return [
        PY,
        "-m",
        "gunicorn",
        "otop_portal.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(web_workers(cores)),
        "--worker-class",
        "gthread",
        "--threads",
        os.environ.get("WEB_THREADS", "4"),
        "--timeout",
        "60",
        "--graceful-timeout",
        "20",
        # X-Forwarded-* from nobody: `make run` has no proxy in front (deploy/ sets its nginx's address).
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", ""),
        "--access-logfile",
        "-",
    ]


def runserver_command(*, host: str = HOST, port: str = PORT) -> list[str]:
    """Django's development server, reloading on every code change."""
    return [PY, "manage.py", "runserver", f"{host}:{port}"]


def worker_command() -> list[str]:
    """One Celery worker with embedded beat consuming every queue (production runs one per queue group)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otop_portal.settings.base")
    from otop_portal.settings.base import PORTAL_TASK_QUEUES

    return [
        PY,
        "-m",
        "celery",
        "-A",
        "otop_portal",
        "worker",
        "--beat",
        "--pool=solo",
        "--loglevel=INFO",
        "-Q",
        ",".join(PORTAL_TASK_QUEUES),
        "--schedule",
        str(ROOT / ".local" / "celerybeat-schedule"),
    ]


def child_environ(*, dev: bool) -> dict[str, str]:
    """`make run` is DEBUG off whatever .env says (errors show the portal's own pages), with persistent database
    connections as production (a connection per request would cost more than a cached page); `make dev` is on."""
    environ = {**os.environ, "DEBUG": "true" if dev else "false"}
    if not dev:
        environ.setdefault("CONN_MAX_AGE", "60")
    return environ


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, check=True)


def main(argv: list[str] | None = None) -> int:
    dev = "--dev" in (sys.argv[1:] if argv is None else argv)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill <pid>` stops everything too, as Ctrl-C does
    started_db = False
    localdb.ensure_secret_key()
    if not os.environ.get("DATABASE_URL"):
        localdb.start()
        started_db = True
    children: list[subprocess.Popen] = []
    try:
        manage("migrate", "--noinput")
        manage("load_demo")
        manage("collectstatic", "--noinput", "--verbosity", "0")
        env = child_environ(dev=dev)
        web = runserver_command() if dev else gunicorn_command()
        # gunicorn in a process group of its own: the terminal's Ctrl-C (SIGINT to the whole group) leaves a
        # gthread worker hanging until the graceful timeout; SIGTERM from below stops it cleanly in seconds.
        children.append(subprocess.Popen(web, cwd=ROOT, env=env, process_group=None if dev else 0))
        children.append(subprocess.Popen(worker_command(), cwd=ROOT, env=env))
        mode = "development: runserver, DEBUG on" if dev else "gunicorn, DEBUG off"
        print(
            f"\nCreative OTOP portal ({mode}): http://{HOST}:{PORT}/  (admin: /admin/, API docs: /api/docs/)"
        )
        print("demo accounts: admin, staff, producer, partner, expert — password demo-otop-2569")
        print("Ctrl-C stops everything.\n")
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        if started_db:
            localdb.stop()


if __name__ == "__main__":
    sys.exit(main())
