"""`make run`: the whole portal on one machine, until Ctrl-C.

1. PostgreSQL: DATABASE_URL from the environment, else the project-local server
   (scripts/localdb.py), whose URL goes into .env.
2. migrate, load the areas and the demo data (idempotent), collect static files.
3. Start the web server (127.0.0.1:8000) and a Celery worker with embedded beat
   (Redis when REDIS_URL is set, else the filesystem broker under .local/celery).
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


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, check=True)


def main() -> int:
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
        children.append(subprocess.Popen([PY, "manage.py", "runserver", f"{HOST}:{PORT}"], cwd=ROOT))
        children.append(subprocess.Popen(
            [PY, "-m", "celery", "-A", "otop_portal", "worker", "--beat", "--pool=solo", "--loglevel=INFO",
             "--schedule", str(ROOT / ".local" / "celerybeat-schedule")], cwd=ROOT))
        print(f"\nCreative OTOP portal: http://{HOST}:{PORT}/  (admin: /admin/, API docs: /api/docs/)")
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
