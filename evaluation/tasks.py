"""Celery entry points of the income evaluation: thin, ids in, a service call."""

from celery import shared_task
from celery.schedules import crontab

from core.actors import SYSTEM

from . import services


@shared_task(name="evaluation.generate_report", acks_late=True, autoretry_for=(ConnectionError,),
             retry_backoff=True, max_retries=3)
def generate_report(report_id: int) -> str:
    """Compute a requested report. Idempotent by report id: a report already done is left as it is."""
    return services.report_generate(actor=SYSTEM, report_id=report_id).status


@shared_task(name="evaluation.monthly_report")
def monthly_report() -> int:
    """On the 1st of every month: the report of the month just ended (once, whatever the retries)."""
    return services.report_request_monthly(actor=SYSTEM).pk


@shared_task(name="evaluation.requeue_stalled_reports")
def requeue_stalled_reports() -> list[int]:
    """Every five minutes: queue again the reports a dead worker left queued or running."""
    return services.report_requeue_stalled(actor=SYSTEM)


@shared_task(name="evaluation.income_missing_reminders")
def income_missing_reminders() -> int:
    """On the 5th: tell producer groups whose income of the month just ended is not recorded yet."""
    return services.income_missing_notify(actor=SYSTEM)


# Periodic tasks of this app; otop_portal.celery gathers every app's BEAT_SCHEDULE.
BEAT_SCHEDULE = {
    "evaluation-requeue-stalled-reports": {
        "task": "evaluation.requeue_stalled_reports",
        "schedule": 300.0,
    },
    "evaluation-monthly-report": {
        "task": "evaluation.monthly_report",
        "schedule": crontab(minute=30, hour=1, day_of_month=1),
    },
    "evaluation-income-missing-reminders": {
        "task": "evaluation.income_missing_reminders",
        "schedule": crontab(minute=0, hour=8, day_of_month=5),
    },
}
