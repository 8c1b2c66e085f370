from celery import shared_task
from celery.schedules import crontab
from celery.signals import worker_ready

from .models import District


@shared_task(name="core.ping")
def ping() -> dict:
    """Health check through the whole chain: broker -> worker -> database -> result."""
    return {"pong": True, "districts": District.objects.count()}


# Acknowledged early: a backup may run longer than the broker's visibility timeout, and a late
# acknowledgement would have the broker hand a still-running backup to a second worker. A backup lost to a
# killed worker is simply made the next night (or by `manage.py backup`).
@shared_task(name="core.nightly_backup", acks_late=False, time_limit=3 * 60 * 60, soft_time_limit=3 * 60 * 60 - 60)
def nightly_backup() -> dict:
    """Back up the database and the files into BACKUP_DIR, then keep the newest BACKUP_KEEP backups."""
    from .actors import SYSTEM
    from .backups import backup_create, backup_keep, backup_prune

    folder = backup_create(actor=SYSTEM)
    deleted = backup_prune(keep=backup_keep(), directory=folder.parent)
    return {"folder": str(folder), "deleted": [str(p) for p in deleted]}


@shared_task(name="core.deliver_email", bind=True, acks_late=True, max_retries=None)
def deliver_email(self, email_id: int) -> str:
    """Send one e-mail of the outbox (core.outbox.email_deliver). The row keeps the count of attempts and
    decides when to give up; a failed attempt is retried by this task after the row's backoff (and by the
    sweep, should that retry message be lost)."""
    from .actors import SYSTEM
    from .outbox import email_deliver

    outcome = email_deliver(actor=SYSTEM, email_id=email_id)
    if outcome.status == "retry":
        raise self.retry(countdown=outcome.delay)
    return outcome.status


@shared_task(name="core.email_sweep")
def email_sweep() -> int:
    """Every minute: re-send e-mails left queued (broker down, lost retry) or left sending by a dead worker."""
    from .actors import SYSTEM
    from .outbox import email_sweep as sweep

    return len(sweep(actor=SYSTEM))


BEAT_SCHEDULE = {
    "core-nightly-backup": {"task": "core.nightly_backup", "schedule": crontab(hour=1, minute=45)},
    "core-email-sweep": {"task": "core.email_sweep", "schedule": 60.0},
}


@shared_task(name="core.resend_pending_tasks")
def resend_pending_tasks() -> int:
    """Send the tasks kept while the broker was down (core.tasks_dispatch)."""
    from .actors import SYSTEM
    from .tasks_dispatch import pending_tasks_resend

    return pending_tasks_resend(actor=SYSTEM)


@worker_ready.connect
def _resend_pending_tasks_on_worker_start(sender=None, **kwargs) -> None:
    """A worker starting (typically after the broker came back) sends what was kept, without waiting for beat."""
    import logging

    from .actors import SYSTEM
    from .tasks_dispatch import pending_tasks_resend

    try:
        pending_tasks_resend(actor=SYSTEM)
    except Exception:
        logging.getLogger(__name__).exception("tasks: the start-up sweep of pending tasks failed")


BEAT_SCHEDULE["core-resend-pending-tasks"] = {"task": "core.resend_pending_tasks", "schedule": 60.0}


@shared_task(name="core.deliver_notification", bind=True, acks_late=True, max_retries=None)
def deliver_notification(self, delivery_id: int) -> str:
    """Send one notification delivery (core.notifications.notification_deliver). The row keeps the count
    of attempts and decides when to give up; a retry waits the row's backoff (the sweep catches a lost one)."""
    from .actors import SYSTEM
    from .notifications import notification_deliver

    outcome = notification_deliver(actor=SYSTEM, delivery_id=delivery_id)
    if outcome.status == "retry":
        raise self.retry(countdown=outcome.delay)
    return outcome.status


@shared_task(name="core.notification_sweep")
def notification_sweep() -> int:
    """Every minute: re-send notification deliveries left queued (broker down, lost retry message)."""
    from .actors import SYSTEM
    from .notifications import notification_sweep as sweep

    return len(sweep(actor=SYSTEM))


BEAT_SCHEDULE["core-notification-sweep"] = {"task": "core.notification_sweep", "schedule": 60.0}
