from celery import shared_task
from celery.schedules import crontab

from otop_portal.celery import app


@shared_task(name="search.rebuild_index")
def rebuild_index() -> dict:
    """Nightly safety net: saves keep the index current; this catches related-row changes."""
    from .index import rebuild

    return rebuild()


app.conf.beat_schedule["search-rebuild-nightly"] = {
    "task": "search.rebuild_index",
    "schedule": crontab(hour=2, minute=30),
}
