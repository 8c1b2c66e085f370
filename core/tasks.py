from celery import shared_task
from celery.schedules import crontab

from .models import District


@shared_task(name="core.ping")
def ping() -> dict:
    """Health check through the whole chain: broker -> worker -> database -> result."""
    return {"pong": True, "districts": District.objects.count()}


@shared_task(name="core.nightly_backup", time_limit=3 * 60 * 60, soft_time_limit=3 * 60 * 60 - 60)
def nightly_backup() -> dict:
    """Back up the database and the files into BACKUP_DIR, then keep the newest BACKUP_KEEP backups."""
    from .actors import SYSTEM
    from .backups import backup_create, backup_keep, backup_prune

    folder = backup_create(actor=SYSTEM)
    deleted = backup_prune(keep=backup_keep(), directory=folder.parent)
    return {"folder": str(folder), "deleted": [str(p) for p in deleted]}


BEAT_SCHEDULE = {
    "core-nightly-backup": {"task": "core.nightly_backup", "schedule": crontab(hour=1, minute=45)},
}
