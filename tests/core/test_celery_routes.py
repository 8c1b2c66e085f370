"""Celery queues: reports, notifications and the rest, so workers scale by the kind of work."""

import pytest

from otop_portal.celery import app


@pytest.mark.parametrize(
    ("task_name", "queue"),
    [
        ("evaluation.generate_report", "reports"),
        ("evaluation.monthly_report", "reports"),
        ("evaluation.requeue_stalled_reports", "reports"),
        ("core.nightly_backup", "reports"),
        ("core.deliver_email", "notifications"),
        ("core.email_sweep", "notifications"),
        ("network.send_event_reminders", "notifications"),
        ("network.registration_notify", "notifications"),
        ("core.ping", "default"),
        ("core.resend_pending_tasks", "default"),
        ("search.rebuild_index", "default"),
        ("products.unpublish_products_without_consent", "default"),
    ],
)
def test_it_routes_each_task_to_its_queue(task_name, queue):
    assert task_name in app.tasks  # a renamed task would silently fall back to `default`
    assert app.amqp.router.route({}, task_name)["queue"].name == queue


def test_every_routed_task_exists_and_every_queue_is_consumed_by_make_run():
    from django.conf import settings

    for task_name, route in settings.CELERY_TASK_ROUTES.items():
        assert task_name in app.tasks, task_name
        assert route["queue"] in settings.PORTAL_TASK_QUEUES
    assert app.conf.task_default_queue in settings.PORTAL_TASK_QUEUES


def test_an_explicit_queue_still_wins_over_the_route():
    # The test workers (tests/conftest.py, tests/faults/) consume a queue of their own and send with queue=.
    assert (
        app.amqp.router.route({"queue": "test-abc"}, "evaluation.generate_report")["queue"].name == "test-abc"
    )
