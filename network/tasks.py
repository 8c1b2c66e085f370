"""Celery entry points of the knowledge network: ids in, a service call out."""

from celery import shared_task
from celery.schedules import crontab

from core.actors import SYSTEM

from . import services

# The day-before reminders run every morning at 08:00 Bangkok time (CELERY_TIMEZONE); the
# service is idempotent, so a second run (or a retry) sends nothing twice.


@shared_task(name="network.send_event_reminders", autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def send_event_reminders() -> int:
    """Remind confirmed participants of tomorrow's events (one e-mail per registration, ever)."""
    return services.send_event_reminders(actor=SYSTEM)


@shared_task(name="network.registration_notify", autoretry_for=(OSError,), retry_backoff=30, max_retries=3)
def registration_notify(registration_id: int, kind: str) -> bool:
    """Queue a registrant's e-mail in the outbox (kept for messages queued before the outbox existed)."""
    return services.registration_notify(actor=SYSTEM, registration_id=registration_id, kind=kind)


# Periodic tasks of this app; otop_portal.celery gathers every app's BEAT_SCHEDULE.
BEAT_SCHEDULE = {
    "network-event-reminders": {
        "task": "network.send_event_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
}
