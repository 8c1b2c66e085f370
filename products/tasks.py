"""Thin Celery entry points of the products app."""

from celery import shared_task
from celery.schedules import crontab


@shared_task(name="products.unpublish_products_without_consent")
def unpublish_products_without_consent() -> list[int]:
    """Daily: unpublish products whose linked wisdom lost its holders' consent."""
    from core.actors import SYSTEM

    from .services import products_unpublish_without_consent

    return products_unpublish_without_consent(actor=SYSTEM)


# Periodic tasks of this app; otop_portal.celery gathers every app's BEAT_SCHEDULE.
BEAT_SCHEDULE = {
    "products-unpublish-without-consent": {
        "task": "products.unpublish_products_without_consent",
        "schedule": crontab(hour=2, minute=15),
    },
}
