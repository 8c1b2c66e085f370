from celery import shared_task
from celery.schedules import crontab


@shared_task(name="search.rebuild_index")
def rebuild_index() -> dict:
    """Nightly safety net: saves keep the index current; this catches related-row changes."""
    from .index import rebuild

    return rebuild()


# Periodic tasks of this app; otop_portal.celery gathers every app's BEAT_SCHEDULE.
BEAT_SCHEDULE = {
    "search-rebuild-nightly": {
        "task": "search.rebuild_index",
        "schedule": crontab(hour=2, minute=30),
    },
}
