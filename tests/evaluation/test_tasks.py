"""The Celery side: one report end to end through a real worker; the beat schedule."""

from decimal import Decimal

import pytest

from core.actors import SYSTEM
from evaluation import services, tasks
from evaluation.models import Report
from tests.factories import core as cf
from tests.factories.evaluation import TargetFactory, enroll, income


@pytest.mark.redis
def test_it_generates_a_report_through_a_real_worker(celery_worker):
    TargetFactory(fiscal_year=2570, project="all", target_percent=Decimal("3.00"))
    group = cf.ProducerGroupFactory(name_th="กลุ่มทดสอบผ่านคิว")
    enroll(group)
    income(group, "2025-10", 1000)
    income(group, "2026-10", 1050)
    report = services.report_request(actor=SYSTEM, fiscal_year=2570, as_of="2026-10", queue=False)
    assert report.status == "queued"

    result = tasks.generate_report.apply_async((report.pk,), queue=celery_worker)
    assert result.get(timeout=60) == "done"
    # a duplicated delivery of the same task is a no-op
    assert tasks.generate_report.apply_async((report.pk,), queue=celery_worker).get(timeout=60) == "done"

    report.refresh_from_db()
    assert report.status == "done"
    assert report.snapshot["summary"]["increase_percent"] == "5.00"
    assert report.snapshot["units"][0]["status"] == "met"
    assert report.xlsx and report.pdf
    assert Report.objects.count() == 1


def test_it_schedules_the_monthly_report_on_the_first_of_the_month():
    from otop_portal.celery import app, gather_beat_schedules

    entry = gather_beat_schedules(app.conf)["evaluation-monthly-report"]
    assert entry["task"] == "evaluation.monthly_report"
    assert entry["schedule"].day_of_month == {1}
    assert tasks.monthly_report.name in app.tasks


@pytest.mark.django_db
def test_it_queues_the_generation_after_commit(django_capture_on_commit_callbacks):
    from unittest import mock

    with mock.patch.object(tasks.generate_report, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            report = tasks.monthly_report()
        delay.assert_not_called()  # nothing leaves before the commit
        for callback in callbacks:
            callback()
        delay.assert_called_once_with(report)
