"""The Celery wiring: a task really executed by a worker process through Redis."""

import pytest

from core.tasks import ping


def test_a_worker_runs_a_task_through_redis_and_reads_the_database(celery_worker):
    result = ping.apply_async(queue=celery_worker)
    assert result.get(timeout=30) == {"pong": True, "districts": 7}


def test_the_embedded_broker_is_used_without_redis(settings):
    # `make run` without REDIS_URL: kombu's filesystem transport, results in the database.
    from otop_portal.settings import base

    if base.REDIS_URL:
        pytest.skip("REDIS_URL is set in this environment")
    assert base.CELERY_BROKER_URL == "filesystem://"
    assert base.CELERY_RESULT_BACKEND == "django-db"
    assert base.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"].endswith("queue")
