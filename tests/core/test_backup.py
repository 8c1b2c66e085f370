"""Backups that restore (issue 13.6): pg_dump + media tar with a manifest, restore into an empty database.

These run the real PostgreSQL client binaries against the real test database (transactional_db where the
rows must be seen by pg_dump, another process, or where a restore could take locks); the restore goes into
a second database created and dropped here, so the test database itself is never wiped.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, connections
from django.db.utils import load_backend

from core import backups
from core.actors import SYSTEM
from tests.factories import core as f

TARGET = "backup_restore_target"


@pytest.fixture
def fresh_database(transactional_db):
    """A second, empty database on the same server, reachable as connections[TARGET]; dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    # A connection object only, not a DATABASES entry: Django's test case allows such dynamically made
    # connections (it refuses aliases of DATABASES the test did not declare).
    settings_dict = {**connection.settings_dict, "NAME": name}
    connections[TARGET] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, TARGET)
    try:
        yield TARGET
    finally:
        connections[TARGET].close()
        del connections[TARGET]
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def content(settings):
    """Rows in several tables (Thai text, a superuser, groups with a logo) and media files."""
    media = Path(settings.MEDIA_ROOT)
    group = f.ProducerGroupFactory(name_th="กลุ่มตุ๊กตาชาววัง สำรองข้อมูล")
    group.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\n" + os.urandom(2048)), save=True)
    f.producer(group, username="producer-backup")
    f.staff(username="staff-backup")
    f.PartnerOrganisationFactory(name_th="มหาวิทยาลัยทดสอบสำรองข้อมูล")
    (media / "wisdom" / "documents").mkdir(parents=True, exist_ok=True)
    (media / "wisdom" / "documents" / "การสาน.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(4096))
    (media / "empty.txt").write_bytes(b"")
    return group


def _tables(alias: str) -> list[str]:
    with connections[alias].cursor() as cursor:
        return backups._user_tables(cursor)


def _table_rows(alias: str, table: str) -> list[str]:
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT t::text FROM {backups._quoted(table)} t ORDER BY 1")
        return [row[0] for row in cursor.fetchall()]


def _sequences(alias: str) -> dict[str, int | None]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences")
        return dict(cursor.fetchall())


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_finds_every_row_and_file(
        content, fresh_database, settings, tmp_path):
    source_media = Path(settings.MEDIA_ROOT)
    folder = backups.backup_create(actor=SYSTEM, directory=tmp_path / "backups")

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert backups.NAME_RE.match(folder.name) and sorted(p.name for p in folder.iterdir()) == [
        "db.dump", "manifest.json", "media.tar"]
    assert manifest["database"]["name"] == connection.settings_dict["NAME"]
    assert manifest["row_counts"]["core_producergroup"] == 1 and manifest["row_counts"]["core_user"] == 2
    assert "0001_initial" in manifest["migrations"]["core"]
    assert manifest["client"]["major"] >= manifest["database"]["server_version_num"] // 10000
    assert manifest["files"]["db.dump"]["sha256"] == backups.sha256_of(folder / "db.dump")
    assert {m["path"]: m["size"] for m in manifest["media"]} == {
        path: len(data) for path, data in _files(source_media).items()}

    # an empty database, but MEDIA_ROOT (still the source's) has files: refused, nothing restored
    with pytest.raises(backups.BackupError, match="MEDIA_ROOT"):
        backups.backup_restore(actor=SYSTEM, folder=folder, using=fresh_database)
    assert _tables(fresh_database) == []

    # the wipe: a new, empty database and an empty MEDIA_ROOT; then the restore
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    result = backups.backup_restore(actor=SYSTEM, folder=folder, using=fresh_database)

    tables = _tables("default")
    assert len(tables) > 50 and _tables(fresh_database) == tables
    for table in tables:
        assert _table_rows(fresh_database, table) == _table_rows("default", table), table
    assert _sequences(fresh_database) == _sequences("default")
    assert _files(tmp_path / "restored-media") == _files(source_media)
    assert len(_files(source_media)) == 3
    assert result.rows == sum(manifest["row_counts"].values()) and result.files == 3
    with connections[fresh_database].cursor() as cursor:
        cursor.execute("SELECT name_th, logo FROM core_producergroup")
        assert cursor.fetchall() == [(content.name_th, content.logo.name)]

    # --force into a database with tables: everything there is dropped (in the restore's transaction)
    with connections[fresh_database].cursor() as cursor:
        cursor.execute("CREATE TABLE stray (id int); INSERT INTO stray VALUES (1); "
                       "UPDATE core_producergroup SET name_th = 'changed'")
    backups.backup_restore(actor=SYSTEM, folder=folder, force=True, using=fresh_database)
    assert _tables(fresh_database) == tables
    assert _table_rows(fresh_database, "core_producergroup") == _table_rows("default", "core_producergroup")


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_corrupted_backup_or_a_database_with_tables_and_changes_nothing(
        content, settings, tmp_path):
    from django.core.management.base import CommandError

    folder = backups.backup_create(actor=SYSTEM, directory=tmp_path / "backups")
    tables = _tables("default")
    groups_before = _table_rows("default", "core_producergroup")
    media_before = _files(Path(settings.MEDIA_ROOT))

    def nothing_changed():
        assert _tables("default") == tables
        assert _table_rows("default", "core_producergroup") == groups_before
        assert _files(Path(settings.MEDIA_ROOT)) == media_before
        assert not [p for p in Path(settings.MEDIA_ROOT).parent.iterdir() if p.name.startswith(".otop-restore-")]

    for name in ("db.dump", "media.tar"):
        path = folder / name
        original = path.read_bytes()
        damaged = bytearray(original)
        damaged[len(damaged) // 2] ^= 0xFF
        path.write_bytes(bytes(damaged))
        # even --force (which would drop every table) touches nothing when a checksum is wrong
        with pytest.raises(backups.BackupError, match=f"{name}.*sha256"):
            backups.backup_restore(actor=SYSTEM, folder=folder, force=True)
        nothing_changed()
        path.write_bytes(original)

    with pytest.raises(backups.BackupError, match="มีตารางอยู่แล้ว"):
        backups.backup_restore(actor=SYSTEM, folder=folder)  # the test database itself: not empty
    nothing_changed()
    with pytest.raises(CommandError, match="มีตารางอยู่แล้ว"):
        call_command("restore", str(folder))
    nothing_changed()


def test_retention_keeps_the_newest_n_and_nothing_else_is_touched(db, tmp_path):
    directory = tmp_path / "backups"
    directory.mkdir()
    foreign = directory / "notes"  # not made by the command
    foreign.mkdir()
    lookalike = directory / "otop-backup-20000101T000000Z"  # the name, but no manifest of ours
    lookalike.mkdir()
    stale = directory / ".partial-otop-backup-20000101T000000Z"  # a crash's leftover, two days old
    stale.mkdir()
    os.utime(stale, (time.time() - 2 * 86400,) * 2)
    running = directory / ".partial-otop-backup-20991231T000000Z"  # maybe a backup in progress
    running.mkdir()

    made = []
    for _ in range(3):
        call_command("backup", "--dir", str(directory), "--keep", "2")
        made.append(max(backups.list_backups(directory), key=lambda p: backups.read_manifest(p)["created_at"]))
    assert len(set(made)) == 3
    assert backups.list_backups(directory) == made[1:]
    assert sorted(p.name for p in directory.iterdir()) == sorted(
        [made[1].name, made[2].name, "notes", lookalike.name, running.name])

    assert backups.backup_prune(keep=1, directory=directory) == [made[1]]
    assert backups.list_backups(directory) == [made[2]]
    with pytest.raises(ValueError):
        backups.backup_prune(keep=0, directory=directory)


def test_nightly_task_backs_up_and_prunes(db, settings, tmp_path):
    from core.tasks import nightly_backup
    from otop_portal.celery import app, gather_beat_schedules

    entry = gather_beat_schedules(app.conf)["core-nightly-backup"]
    assert entry["task"] == nightly_backup.name
    assert entry["schedule"].hour == {1} and entry["schedule"].minute == {45}
    # acknowledged on receipt: a backup longer than the visibility timeout must not be handed out twice
    assert nightly_backup.acks_late is False

    settings.BACKUP_DIR = tmp_path / "nightly"
    settings.BACKUP_KEEP = 1
    first = Path(nightly_backup()["folder"])
    second = nightly_backup()
    assert second["deleted"] == [str(first)]
    assert backups.list_backups(tmp_path / "nightly") == [Path(second["folder"])]


def test_only_superusers_or_the_system_back_up_and_restore(tmp_path):
    from core.models import User

    staff = User(username="staff-no-backup", role="staff", is_active=True)
    with pytest.raises(PermissionDenied):
        backups.backup_create(actor=staff, directory=tmp_path)
    with pytest.raises(PermissionDenied):
        backups.backup_restore(actor=staff, folder=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_client_binaries_match_the_server():
    pg15 = backups.PgClient(bindir=Path("/usr/lib/postgresql/15/bin"), major=15, version="pg_dump 15.20")
    pg16 = backups.PgClient(bindir=Path("/venv/pgserver/pginstall/bin"), major=16, version="pg_dump 16.2")
    pg17 = backups.PgClient(bindir=Path("/usr/lib/postgresql/17/bin"), major=17, version="pg_dump 17.1")
    assert backups.choose_client([pg16, pg15, pg17], at_least=15) == pg15
    assert backups.choose_client([pg15, pg17, pg16], at_least=16) == pg16
    assert backups.choose_client([pg15, pg17], at_least=16) == pg17
    with pytest.raises(backups.BackupError, match="รุ่น 16"):
        backups.choose_client([pg15], at_least=16)
