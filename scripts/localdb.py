"""The project-local PostgreSQL server for `make run` / `make test`.

    python scripts/localdb.py start   # start (initialising on first use), create the
                                      # database, write DATABASE_URL into .env
    python scripts/localdb.py stop    # stop the server started by `start`
    python scripts/localdb.py url     # print the DATABASE_URL

The server is the `pgserver` wheel's PostgreSQL (no system binaries needed),
its data in .local/pgdata, listening on a unix socket in that folder only.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PGDATA = ROOT / ".local" / "pgdata"
ENV_FILE = ROOT / ".env"
DB_NAME = "otop_portal"
STARTED_MARK = ROOT / ".local" / "pg-started-by-make-run"

warnings.filterwarnings("ignore")
logging.disable(logging.INFO)


def database_url() -> str:
    # The socket folder form django-environ understands (see STACK.md).
    return f"postgres://postgres@/{PGDATA}/{DB_NAME}"


def _set_env_var(key: str, value: str) -> None:
    lines = ENV_FILE.read_text().splitlines() if ENV_FILE.exists() else []
    lines = [ln for ln in lines if not ln.startswith(f"{key}=")]
    lines.append(f"{key}={value}")
    ENV_FILE.write_text("\n".join(lines) + "\n")


def ensure_secret_key() -> None:
    """A SECRET_KEY of this checkout's own, generated once into .env (never the development constant,
    so sessions and tokens signed here are not forgeable with a key published in the repository)."""
    import secrets

    lines = ENV_FILE.read_text().splitlines() if ENV_FILE.exists() else []
    if not any(ln.startswith("SECRET_KEY=") for ln in lines):
        _set_env_var("SECRET_KEY", secrets.token_urlsafe(50))


def start() -> None:
    import pgserver

    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(PGDATA, cleanup_mode=None)  # keeps running after this process exits
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}';")
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DB_NAME};")
    _set_env_var("DATABASE_URL", database_url())
    print(f"project-local PostgreSQL running in {PGDATA} (DATABASE_URL written to .env)")


def stop() -> None:
    from pgserver import _commands

    if not (PGDATA / "postmaster.pid").exists():
        return
    try:
        _commands.pg_ctl(["-w", "stop", "-m", "fast"], pgdata=PGDATA, user="pgserver" if _is_root() else None)
        print("project-local PostgreSQL stopped")
    except subprocess.CalledProcessError:
        pass


def _is_root() -> bool:
    import os

    return hasattr(os, "geteuid") and os.geteuid() == 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    {"start": start, "stop": stop, "url": lambda: print(database_url())}[command]()
