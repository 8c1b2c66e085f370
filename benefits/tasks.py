"""Celery entry points of the benefit ledger: thin, a service call."""

from celery import shared_task
from celery.schedules import crontab
from django.utils import timezone

from core.actors import SYSTEM

from . import services


@shared_task(name="benefits.compute_ledger", acks_late=True)
def compute_ledger(month: str | None = None) -> dict:
    """Compute a month's ledger (default: the month just ended). Idempotent: a rerun, a duplicated
    delivery or a second beat run writes nothing new unless the figures changed."""
    if month is None:
        month = services.add_months(timezone.localdate().replace(day=1), -1).strftime("%Y-%m")
    return services.compute_ledger(actor=SYSTEM, month=month).as_dict()


@shared_task(name="benefits.recheck_ledger", acks_late=True)
def recheck_ledger() -> list[dict]:
    """Nightly: compute again the months already in the ledger, so late corrections become adjustments
    (services.recheck_computed_months). Only months whose figures changed get a new line."""
    return [run.as_dict() for run in services.recheck_computed_months(actor=SYSTEM)]


# Periodic tasks of this app; otop_portal.celery gathers every app's BEAT_SCHEDULE.
BEAT_SCHEDULE = {
    "benefits-monthly-ledger": {
        "task": "benefits.compute_ledger",
        "schedule": crontab(minute=0, hour=2, day_of_month=1),
    },
    "benefits-nightly-recheck": {
        "task": "benefits.recheck_ledger",
        "schedule": crontab(minute=30, hour=2),
    },
}
