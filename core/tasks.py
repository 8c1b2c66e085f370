from celery import shared_task

from .models import District


@shared_task(name="core.ping")
def ping() -> dict:
    """Health check through the whole chain: broker -> worker -> database -> result."""
    return {"pong": True, "districts": District.objects.count()}
