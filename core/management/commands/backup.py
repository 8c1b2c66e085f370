from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backups
from core.actors import SYSTEM


class Command(BaseCommand):
    help = ("Back up the database (pg_dump -Fc) and MEDIA_ROOT (a tar) into a new timestamped folder with a "
            "manifest.json (row counts, migrations, sha256), then keep only the newest BACKUP_KEEP backups.")

    def add_arguments(self, parser):
        parser.add_argument("--dir", dest="directory", help="where to put the folder (default: BACKUP_DIR, "
                            ".local/backups/)")
        parser.add_argument("--keep", type=int, help="how many backups to keep in that folder "
                            "(default: BACKUP_KEEP, 14)")
        parser.add_argument("--no-prune", action="store_true", help="delete no older backup")
        parser.add_argument("--database", default="default", help="the DATABASES alias to back up")

    def handle(self, *args, directory=None, keep=None, no_prune=False, database="default", **options):
        keep = backups.backup_keep() if keep is None else keep
        if keep < 1:
            raise CommandError("--keep must be at least 1")
        try:
            folder = backups.backup_create(actor=SYSTEM, directory=directory, using=database)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = backups.read_manifest(folder)
        self.stdout.write(
            f"{folder}\n  {len(manifest['row_counts'])} tables, {sum(manifest['row_counts'].values())} rows, "
            f"{len(manifest['media'])} media files; pg_dump {manifest['client']['major']} "
            f"({manifest['client']['bindir']}) for server {manifest['database']['server_version_num']}")
        if not no_prune:
            for deleted in backups.backup_prune(keep=keep, directory=Path(folder).parent):
                self.stdout.write(f"  deleted old backup {deleted.name}")
        self.stdout.write(self.style.SUCCESS("backup done"))
