"""Celery entry points of the tourism app: a service call with actor=SYSTEM, idempotent."""

from celery import shared_task

from core.actors import SYSTEM

from .octo import services as octo_services


@shared_task(name="tourism.expire_octo_holds")
def expire_octo_holds() -> int:
    """Expire resellers' holds that ran out and release their places (each exactly once; the OCTO
    endpoints also expire them lazily when they are read)."""
    return octo_services.holds_expire(actor=SYSTEM)


# Periodic tasks of this app; otop_portal.celery gathers every app's BEAT_SCHEDULE.
BEAT_SCHEDULE = {
    "tourism-expire-octo-holds": {
        "task": "tourism.expire_octo_holds",
        "schedule": 60.0,
    },
}
