"""Thin Celery entry points of the products app."""

from celery import shared_task
from celery.schedules import crontab


@shared_task(name="products.unpublish_products_without_consent")
def unpublish_products_without_consent() -> list[int]:
    """Daily: unpublish products whose linked wisdom lost its holders' consent."""
    from core.actors import SYSTEM

    from .services import products_unpublish_without_consent

    return products_unpublish_without_consent(actor=SYSTEM)


@shared_task(name="products.standard_expiry_reminders")
def standard_expiry_reminders() -> int:
    """Daily: tell producer groups whose product standards expire within 90 days (once per standard)."""
    from core.actors import SYSTEM

    from .services import standard_expiry_notify

    return standard_expiry_notify(actor=SYSTEM)


# Periodic tasks of this app; otop_portal.celery gathers every app's BEAT_SCHEDULE.
BEAT_SCHEDULE = {
    "products-unpublish-without-consent": {
        "task": "products.unpublish_products_without_consent",
        "schedule": crontab(hour=2, minute=15),
    },
    "products-standard-expiry-reminders": {
        "task": "products.standard_expiry_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
}
