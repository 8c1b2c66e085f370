from django.core.management.base import BaseCommand, CommandError

from core import backups
from core.actors import SYSTEM


class Command(BaseCommand):
    help = ("Restore a folder made by `manage.py backup` into an EMPTY database (DATABASES, e.g. a fresh "
            "createdb) and MEDIA_ROOT: checksums are verified first, the dump is restored in one transaction, "
            "row counts are checked against the manifest. --force drops everything in the database first.")
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a backup folder (…/otop-backup-YYYYMMDDTHHMMSSZ)")
        parser.add_argument("--force", action="store_true",
                            help="restore even if the database has tables (they are ALL dropped, in the same "
                                 "transaction as the restore) or MEDIA_ROOT has files (overwritten by name)")
        parser.add_argument("--database", default="default", help="the DATABASES alias to restore into")

    def handle(self, *args, folder, force=False, database="default", **options):
        try:
            result = backups.backup_restore(actor=SYSTEM, folder=folder, force=force, using=database)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{result.folder} → {result.database}: {result.tables} tables, {result.rows} rows "
                          f"(counts match the manifest), {result.files} media files; "
                          f"pg_restore {result.client.major} ({result.client.bindir})")
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(warning))
        self.stdout.write(self.style.SUCCESS("restore done"))
