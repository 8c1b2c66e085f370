"""Backups that restore: the database (pg_dump, custom format) and the uploaded files (MEDIA_ROOT, a tar).

A backup is one folder, ``<BACKUP_DIR>/otop-backup-<UTC time>/``, holding

- ``db.dump``: ``pg_dump -Fc`` of the configured database, taken inside an exported snapshot, so the row
  counts and migration state written to the manifest are those of the dump, however busy the portal is;
- ``media.tar``: every regular file under MEDIA_ROOT, paths relative to it;
- ``manifest.json``: when, which database and server, which client binaries, the Django migrations applied
  per app, the number of rows of every table, every media file with its size and sha256, and the sha256 of
  ``db.dump`` and ``media.tar``.

The folder is written as ``.partial-<name>`` and renamed when complete: a folder with the final name is a
whole backup. ``backup_restore`` verifies every checksum and the target before it touches anything, restores
the dump in one transaction (all or nothing), puts the files in place and checks the row counts against the
manifest. ``backup_prune`` keeps the newest N folders made here and never touches anything else.

The client binaries are chosen to match the server: of every pg_dump/pg_restore found (``BACKUP_PG_BINDIR``,
the pgserver wheel's own PostgreSQL, ``pg_config --bindir``, ``/usr/lib/postgresql/*/bin``, ``PATH``), the
closest major version that is not older than the server (and, to restore, than the pg_dump that made the
archive).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections

from .actors import is_system

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
DUMP = "db.dump"
MEDIA_TAR = "media.tar"
MADE_BY = "otop_portal core.backups"
FORMAT_VERSION = 1
NAME_PREFIX = "otop-backup-"
PARTIAL_PREFIX = ".partial-"
NAME_RE = re.compile(r"^otop-backup-\d{8}T\d{6}Z(-\d+)?$")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or a restore that cannot be done (or was refused); the message says why, in Thai."""


# --- settings -----------------------------------------------------------------------------------------


def backup_dir() -> Path:
    configured = getattr(settings, "BACKUP_DIR", None) or os.environ.get("BACKUP_DIR")
    if configured:
        return Path(configured)
    local = getattr(settings, "LOCAL_DIR", None) or Path(settings.BASE_DIR) / ".local"
    return Path(local) / "backups"


def backup_keep() -> int:
    return int(getattr(settings, "BACKUP_KEEP", None) or os.environ.get("BACKUP_KEEP") or 14)


def _require_operator(actor: Any) -> None:
    """Backups copy everything and restores replace everything: the portal itself (beat, manage.py) or a
    superuser only."""
    if actor is None:
        raise ValueError("a service needs an actor (a user or core.actors.SYSTEM), not None")
    if is_system(actor):
        return
    if not (getattr(actor, "is_authenticated", False) and getattr(actor, "is_active", False)
            and getattr(actor, "is_superuser", False)):
        raise PermissionDenied("สำรองและกู้คืนข้อมูลได้เฉพาะผู้ดูแลระบบสูงสุด")


# --- PostgreSQL client binaries -------------------------------------------------------------------------


@dataclass(frozen=True)
class PgClient:
    bindir: Path
    major: int
    version: str

    def tool(self, name: str) -> str:
        return str(self.bindir / name)


def _candidate_bindirs() -> list[Path]:
    dirs: list[Path] = []
    configured = getattr(settings, "BACKUP_PG_BINDIR", None) or os.environ.get("BACKUP_PG_BINDIR")
    if configured:
        dirs.append(Path(configured))
    spec = importlib.util.find_spec("pgserver")  # the project-local PostgreSQL's own binaries
    if spec and spec.origin:
        dirs.append(Path(spec.origin).parent / "pginstall" / "bin")
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True)
            dirs.append(Path(out.stdout.strip()))
        except (OSError, subprocess.SubprocessError):
            pass
    dirs.extend(sorted(Path("/usr/lib/postgresql").glob("*/bin")))
    on_path = shutil.which("pg_dump")
    if on_path:
        dirs.append(Path(on_path).resolve().parent)
    unique: list[Path] = []
    for d in dirs:
        if d not in unique:
            unique.append(d)
    return unique


def _client_in(bindir: Path) -> PgClient | None:
    if not all((bindir / tool).is_file() for tool in ("pg_dump", "pg_restore", "psql")):
        return None
    try:
        out = subprocess.run([str(bindir / "pg_dump"), "--version"], capture_output=True, text=True, timeout=10,
                             check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)(?:\.(\d+))?", out)
    if not match:
        return None
    return PgClient(bindir=bindir, major=int(match.group(1)), version=out)


def available_clients() -> list[PgClient]:
    return [c for c in (_client_in(d) for d in _candidate_bindirs()) if c is not None]


def choose_client(clients: list[PgClient], *, at_least: int) -> PgClient:
    """BACKUP_PG_BINDIR when it is recent enough, else the closest major version not older than
    ``at_least`` (the first found wins a tie)."""
    fitting = [c for c in clients if c.major >= at_least]
    configured = getattr(settings, "BACKUP_PG_BINDIR", None) or os.environ.get("BACKUP_PG_BINDIR")
    for client in fitting:
        if configured and client.bindir == Path(configured):
            return client
    if not fitting:
        found = ", ".join(f"{c.major} ({c.bindir})" for c in clients) or "ไม่พบเลย"
        raise BackupError(f"ไม่พบ pg_dump/pg_restore รุ่น {at_least} ขึ้นไป (พบ: {found}); "
                          "ตั้ง BACKUP_PG_BINDIR เป็นโฟลเดอร์ bin ของ PostgreSQL ที่ตรงกับเซิร์ฟเวอร์")
    best = min(c.major for c in fitting)
    return next(c for c in fitting if c.major == best)


# --- connection ---------------------------------------------------------------------------------------


def _libpq_env(using: str) -> dict[str, str]:
    """The environment for pg_dump/pg_restore: the connection of DATABASES[using] as PG* variables (the
    password never on a command line; a host that is a path is a socket folder, libpq knows)."""
    conf = connections[using].settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    values = {"PGDATABASE": conf.get("NAME"), "PGHOST": conf.get("HOST"), "PGPORT": conf.get("PORT"),
              "PGUSER": conf.get("USER"), "PGPASSWORD": conf.get("PASSWORD")}
    options = conf.get("OPTIONS") or {}
    for key, var in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("sslcert", "PGSSLCERT"),
                     ("sslkey", "PGSSLKEY"), ("passfile", "PGPASSFILE"), ("service", "PGSERVICE")):
        if options.get(key):
            values[var] = options[key]
    env.update({k: str(v) for k, v in values.items() if v not in (None, "")})
    env["PGAPPNAME"] = "otop-backup"
    return env


def _run(args: list[str], *, env: dict[str, str], what: str) -> None:
    proc = subprocess.run(args, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BackupError(f"{what} ล้มเหลว (รหัส {proc.returncode}): {proc.stderr.strip()[-2000:]}")


def _server_version_num(cursor: Any) -> int:
    cursor.execute("SHOW server_version_num")
    return int(cursor.fetchone()[0])


def _user_tables(cursor: Any) -> list[str]:
    """Every ordinary or partitioned table outside the system schemas, as a quoted, qualified name key
    (``table`` in public, ``schema.table`` elsewhere)."""
    cursor.execute(
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND n.nspname NOT LIKE 'pg\\_%' ORDER BY n.nspname, c.relname")
    return [name if schema == "public" else f"{schema}.{name}" for schema, name in cursor.fetchall()]


def _quoted(table: str) -> str:
    schema, _, name = table.rpartition(".")
    quoted = '"' + name.replace('"', '""') + '"'
    return f'"{schema}".{quoted}' if schema else f"public.{quoted}"


def _row_counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {_quoted(table)}")  # noqa: S608 - names from pg_class, quoted
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _migrations(cursor: Any, tables: list[str]) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, id")
    state: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        state.setdefault(app, []).append(name)
    return state


# --- files --------------------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """Hands a file to tarfile while hashing what it reads (each media file is read once)."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        self.digest.update(data)
        return data


def _media_files(media_root: Path) -> Iterator[Path]:
    if not media_root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(media_root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".otop-restore-"))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _write_media_tar(media_root: Path, target: Path) -> list[dict[str, Any]]:
    files = []
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as tar:
        for path in _media_files(media_root):
            relative = path.relative_to(media_root).as_posix()
            info = tar.gettarinfo(str(path), arcname=relative)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with path.open("rb") as fh:
                reader = _HashingReader(fh)
                tar.addfile(info, reader)
            files.append({"path": relative, "size": info.size, "sha256": reader.digest.hexdigest()})
    return files


# --- backup -------------------------------------------------------------------------------------------


def _new_folder(directory: Path, now: datetime) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    for n in range(1, 1000):
        name = f"{NAME_PREFIX}{stamp}" + (f"-{n}" if n > 1 else "")
        final, partial = directory / name, directory / f"{PARTIAL_PREFIX}{name}"
        if final.exists() or partial.exists():
            continue
        try:
            partial.mkdir()
        except FileExistsError:
            continue
        return final, partial
    raise BackupError(f"สร้างโฟลเดอร์สำรองข้อมูลใน {directory} ไม่ได้")


def backup_create(*, actor: Any, directory: Path | str | None = None, using: str = "default") -> Path:
    """Back up the database and MEDIA_ROOT into a new timestamped folder under ``directory`` (default
    BACKUP_DIR); returns the folder. Nothing is left behind if it fails."""
    _require_operator(actor)
    now = datetime.now(UTC)
    target = Path(directory) if directory else backup_dir()
    media_root = Path(settings.MEDIA_ROOT)
    if target.resolve().is_relative_to(media_root.resolve()):
        raise BackupError(f"โฟลเดอร์สำรองข้อมูล ({target}) ต้องไม่อยู่ใน MEDIA_ROOT ({media_root})")
    final, partial = _new_folder(target, now)
    env = _libpq_env(using)
    snapshot_conn = connections.create_connection(using)  # its own connection: a snapshot held open
    try:
        snapshot_conn.ensure_connection()
        raw = snapshot_conn.connection
        raw.autocommit = True
        with raw.cursor() as cursor:
            server_num = _server_version_num(cursor)
            client = choose_client(available_clients(), at_least=server_num // 10000)
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_database(), version()")
            snapshot, database, server_version = cursor.fetchone()
            tables = _user_tables(cursor)
            counts = _row_counts(cursor, tables)
            migrations = _migrations(cursor, tables)
            _run([client.tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", "--no-password",
                  f"--file={partial / DUMP}"], env=env, what="pg_dump")
            cursor.execute("COMMIT")
        media = _write_media_tar(media_root, partial / MEDIA_TAR)
        manifest = {
            "format": FORMAT_VERSION,
            "made_by": MADE_BY,
            "created_at": now.isoformat(),
            "database": {"name": database, "server_version": server_version, "server_version_num": server_num},
            "client": {"bindir": str(client.bindir), "major": client.major, "pg_dump": client.version},
            "migrations": migrations,
            "row_counts": counts,
            "media_root": str(media_root),
            "media": media,
            "files": {DUMP: {"sha256": sha256_of(partial / DUMP), "size": (partial / DUMP).stat().st_size},
                      MEDIA_TAR: {"sha256": sha256_of(partial / MEDIA_TAR),
                                  "size": (partial / MEDIA_TAR).stat().st_size}},
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        snapshot_conn.close()
    logger.info("backup %s by %s: %d tables, %d rows, %d files", final, actor, len(counts),
                sum(counts.values()), len(media))
    return final


# --- retention ----------------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"อ่าน {MANIFEST} ใน {folder} ไม่ได้: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("made_by") != MADE_BY:
        raise BackupError(f"{folder} ไม่ใช่โฟลเดอร์สำรองข้อมูลที่คำสั่ง backup สร้าง")
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"ไม่รู้จักรูปแบบสำรองข้อมูลรุ่น {manifest.get('format')!r}")
    return manifest


def list_backups(directory: Path | str | None = None) -> list[Path]:
    """The complete backups this module made in ``directory``, oldest first."""
    directory = Path(directory) if directory else backup_dir()
    found = []
    for child in directory.iterdir() if directory.is_dir() else []:
        if not (child.is_dir() and not child.is_symlink() and NAME_RE.match(child.name)):
            continue
        try:
            created = read_manifest(child)["created_at"]
        except (BackupError, KeyError):
            continue
        found.append((str(created), child.name, child))
    return [path for _, _, path in sorted(found)]


def backup_prune(*, keep: int, directory: Path | str | None = None) -> list[Path]:
    """Keep the newest ``keep`` backups in ``directory`` and delete the older ones (only folders this module
    made: named otop-backup-… with its manifest), plus partial folders left by a crash over a day ago.
    Returns the deleted folders."""
    if keep < 1:
        raise ValueError("keep must be at least 1")
    directory = Path(directory) if directory else backup_dir()
    backups = list_backups(directory)
    deleted = backups[:-keep]
    for folder in deleted:
        shutil.rmtree(folder)
    day_ago = datetime.now().timestamp() - timedelta(days=1).total_seconds()
    for child in directory.iterdir() if directory.is_dir() else []:
        if (child.is_dir() and not child.is_symlink() and child.name.startswith(PARTIAL_PREFIX)
                and NAME_RE.match(child.name.removeprefix(PARTIAL_PREFIX)) and child.stat().st_mtime < day_ago):
            shutil.rmtree(child)
            deleted.append(child)
    if deleted:
        logger.info("backup retention (keep %d): deleted %s", keep, ", ".join(p.name for p in deleted))
    return deleted


# --- restore ------------------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    folder: Path
    database: str
    client: PgClient
    tables: int = 0
    rows: int = 0
    files: int = 0
    warnings: list[str] = field(default_factory=list)


def verify_backup(folder: Path) -> dict[str, Any]:
    """The manifest, once the dump and the tar match their sha256 and the tar holds exactly the listed
    files (regular files under relative paths). Reads only."""
    manifest = read_manifest(folder)
    try:
        checksums = {name: str(manifest["files"][name]["sha256"]) for name in (DUMP, MEDIA_TAR)}
        listed = {str(item["path"]): item for item in manifest["media"]}
        dict(manifest["row_counts"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupError(f"{MANIFEST} ใน {folder} ไม่ครบ: {exc!r}") from exc
    for name, expected in checksums.items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"ไม่พบ {name} ใน {folder}")
        if sha256_of(path) != expected:
            raise BackupError(f"{name} เสียหายหรือถูกแก้ไข: sha256 ไม่ตรงกับ {MANIFEST} — ไม่ได้กู้คืนอะไรเลย")
    for relative in listed:
        parts = Path(relative).parts
        if not parts or Path(relative).is_absolute() or ".." in parts:
            raise BackupError(f"{MANIFEST} มีชื่อไฟล์ที่ไม่ปลอดภัย: {relative}")
    with tarfile.open(folder / MEDIA_TAR, "r") as tar:
        members = tar.getmembers()
    names = set()
    for member in members:
        if not member.isfile() or member.name not in listed or member.size != listed[member.name]["size"]:
            raise BackupError(f"{MEDIA_TAR} มีรายการที่ไม่อยู่ใน {MANIFEST}: {member.name}")
        names.add(member.name)
    if names != set(listed):
        raise BackupError(f"{MEDIA_TAR} ขาดไฟล์ที่ {MANIFEST} ระบุ: {sorted(set(listed) - names)[:5]}")
    return manifest


def _media_occupied(media_root: Path) -> bool:
    return any(True for _ in _media_files(media_root))


def _stage_media(folder: Path, manifest: dict[str, Any], media_root: Path) -> Path:
    """Extract the tar next to MEDIA_ROOT (same file system) and check every file's sha256."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".otop-restore-", dir=media_root.parent))
    try:
        with tarfile.open(folder / MEDIA_TAR, "r") as tar:
            tar.extractall(staging, filter="data")
        for item in manifest["media"]:
            if sha256_of(staging / item["path"]) != item["sha256"]:
                raise BackupError(f"ไฟล์ {item['path']} ใน {MEDIA_TAR} ไม่ตรงกับ {MANIFEST}")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _move_media(staging: Path, manifest: dict[str, Any], media_root: Path) -> None:
    for item in manifest["media"]:
        target = media_root / item["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging / item["path"]), str(target))


def _wipe_sql(cursor: Any) -> str:
    """SQL that drops every schema outside the system ones (tables, sequences, functions, extensions in
    them) and gives back an empty public schema."""
    cursor.execute("SELECT n.nspname FROM pg_namespace n WHERE n.nspname NOT IN ('pg_catalog', "
                   "'information_schema') AND n.nspname NOT LIKE 'pg\\_%'")
    drops = ["DROP SCHEMA \"{}\" CASCADE;".format(schema.replace('"', '""')) for (schema,) in cursor.fetchall()]
    return "\n".join([*drops, "CREATE SCHEMA IF NOT EXISTS public;", ""])


def _restore_dump(client: PgClient, dump: Path, *, env: dict[str, str], before: str) -> None:
    """``before`` (the wipe under --force) and the whole dump in ONE transaction: pg_restore writes the
    script (``--single-transaction``: it ends with COMMIT, written only once everything else was), psql runs
    it after our BEGIN and stops at the first error. A failure anywhere leaves the transaction uncommitted,
    so the database is as it was."""
    with tempfile.TemporaryFile() as restore_err, tempfile.TemporaryFile() as psql_err:
        psql = subprocess.Popen([client.tool("psql"), "-X", "-q", "--no-password", "-v", "ON_ERROR_STOP=1",
                                 "-f", "-"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_err,
                                env=env)
        restore = subprocess.Popen([client.tool("pg_restore"), "--single-transaction", "--no-owner", "--no-acl",
                                    "--file=-", str(dump)], stdout=subprocess.PIPE, stderr=restore_err, env=env)
        assert psql.stdin is not None and restore.stdout is not None
        try:
            psql.stdin.write(b"SET client_min_messages = error;\nBEGIN;\n" + before.encode())
            while chunk := restore.stdout.read(CHUNK):
                psql.stdin.write(chunk)
        except BrokenPipeError:  # psql stopped on an error: its transaction is rolled back
            restore.kill()
        finally:
            restore.stdout.close()
            restore_rc = restore.wait()
            try:
                psql.stdin.close()
            except BrokenPipeError:
                pass
            psql_rc = psql.wait()
        if restore_rc != 0 or psql_rc != 0:
            restore_err.seek(0)
            psql_err.seek(0)
            detail = (psql_err.read() or restore_err.read()).decode(errors="replace").strip()[-2000:]
            raise BackupError(f"กู้คืนฐานข้อมูลไม่สำเร็จ (pg_restore {restore_rc}, psql {psql_rc}) "
                              f"ฐานข้อมูลยังเหมือนเดิม: {detail}")


def backup_restore(*, actor: Any, folder: Path | str, force: bool = False, using: str = "default") -> RestoreResult:
    """Restore a backup folder into the database DATABASES[using] and MEDIA_ROOT.

    Refused, with nothing changed, when a checksum does not match, when the database already has tables or
    MEDIA_ROOT already has files (unless ``force``: then the database's schemas are dropped first and the
    backup's files overwrite files of the same name), or when no fitting pg_restore is found. The dump is
    restored in one transaction; the row count of every table is then checked against the manifest
    (a mismatch is a BackupError naming the tables)."""
    _require_operator(actor)
    folder = Path(folder)
    manifest = verify_backup(folder)
    media_root = Path(settings.MEDIA_ROOT)
    connection = connections[using]
    with connection.cursor() as cursor:
        server_num = _server_version_num(cursor)
        tables = _user_tables(cursor)
    database = connection.settings_dict["NAME"]
    if tables and not force:
        raise BackupError(f"ฐานข้อมูล {database} มีตารางอยู่แล้ว {len(tables)} ตาราง: กู้คืนได้เฉพาะฐานข้อมูลว่าง "
                          "(สร้างใหม่ด้วย createdb) หรือใช้ --force เพื่อลบของเดิมทั้งหมด — ไม่ได้เปลี่ยนแปลงอะไร")
    if _media_occupied(media_root) and not force:
        raise BackupError(f"MEDIA_ROOT ({media_root}) มีไฟล์อยู่แล้ว: กู้คืนได้เฉพาะโฟลเดอร์ว่าง "
                          "หรือใช้ --force เพื่อเขียนทับ — ไม่ได้เปลี่ยนแปลงอะไร")
    dump_major = int(manifest.get("client", {}).get("major") or 0)
    client = choose_client(available_clients(), at_least=max(server_num // 10000, dump_major))
    result = RestoreResult(folder=folder, database=str(database), client=client)

    wipe = ""
    if force:
        with connection.cursor() as cursor:
            wipe = _wipe_sql(cursor)
    connection.close()

    staging = _stage_media(folder, manifest, media_root)
    try:
        _restore_dump(client, folder / DUMP, env=_libpq_env(using), before=wipe)
        _move_media(staging, manifest, media_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    expected: dict[str, int] = manifest["row_counts"]
    with connection.cursor() as cursor:
        restored_tables = _user_tables(cursor)
        counts = _row_counts(cursor, restored_tables)
    wrong = {t: (n, counts.get(t)) for t, n in expected.items() if counts.get(t) != n}
    if wrong:
        detail = ", ".join(f"{t}: {n} → {got}" for t, (n, got) in sorted(wrong.items())[:10])
        raise BackupError(f"กู้คืนแล้วแต่จำนวนแถวไม่ตรงกับ {MANIFEST} ({len(wrong)} ตาราง): {detail}")
    result.tables, result.rows, result.files = len(expected), sum(expected.values()), len(manifest["media"])
    result.warnings = _migration_warnings(manifest.get("migrations", {}))
    logger.info("restore of %s into %s by %s: %d tables, %d rows, %d files", folder, database, actor,
                result.tables, result.rows, result.files)
    return result


def _migration_warnings(state: dict[str, list[str]]) -> list[str]:
    """Migrations the backup has that this code does not know (a newer backup than the code), and whether
    ``manage.py migrate`` has work to do (an older backup)."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = {(app, name) for app, names in state.items() for name in names}
    unknown = sorted(applied - known)
    warnings = []
    if unknown:
        warnings.append("ข้อมูลสำรองมี migration ที่โค้ดนี้ไม่รู้จัก (สำรองจากรุ่นที่ใหม่กว่า): "
                        + ", ".join(f"{a}.{n}" for a, n in unknown[:10]))
    if known - applied:
        warnings.append(f"มี migration ที่ยังไม่ได้ใช้ {len(known - applied)} รายการ: รัน manage.py migrate")
    return warnings
