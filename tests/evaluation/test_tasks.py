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
def test_it_queues_the_generation_after_commit(django_capture_on_commit_callbacks, published_tasks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = tasks.monthly_report()
    assert published_tasks == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert published_tasks == [("evaluation.generate_report", [report])]


# --- A worker that died mid-report ---------------------------------------------------------------


def _small_fy2570():
    TargetFactory(fiscal_year=2570, project="all", target_percent=Decimal("3.00"))
    group = cf.ProducerGroupFactory(name_th="กลุ่มทดสอบรายงานค้าง")
    enroll(group)
    income(group, "2025-10", 1000)
    income(group, "2026-10", 1050)


@pytest.mark.django_db
def test_it_replaces_the_files_a_killed_run_left_and_keeps_one_file_set(settings):
    from pathlib import Path

    _small_fy2570()
    report = services.report_request(actor=SYSTEM, fiscal_year=2570, as_of="2026-10", queue=False)
    folder = Path(settings.MEDIA_ROOT) / "evaluation" / "reports"
    folder.mkdir(parents=True)
    (folder / f"evaluation-2570-2026-10-v{report.version}.xlsx").write_bytes(b"half written")
    Report.objects.filter(pk=report.pk).update(status="running")  # as the killed worker left it

    report = services.report_generate(actor=SYSTEM, report_id=report.pk)
    assert report.status == "done" and report.snapshot["summary"]["increase_percent"] == "5.00"
    assert sorted(p.name for p in folder.iterdir()) == ["evaluation-2570-2026-10-v1.pdf",
                                                        "evaluation-2570-2026-10-v1.xlsx"]
    assert report.xlsx.name == "evaluation/reports/evaluation-2570-2026-10-v1.xlsx"
    assert report.xlsx.read()[:2] == b"PK"  # the real workbook, not the leftover


@pytest.mark.django_db
def test_the_sweep_queues_again_only_reports_nobody_is_working_on(published_tasks, committed):
    import datetime as dt

    from django.utils import timezone

    queued_ids = published_tasks
    now = timezone.now()
    old = now - dt.timedelta(minutes=30)
    dead = services.report_request(actor=SYSTEM, fiscal_year=2570, as_of="2026-10", queue=False)
    Report.objects.filter(pk=dead.pk).update(status="running", started_at=old)
    lost = services.report_request(actor=SYSTEM, fiscal_year=2570, as_of="2026-11", queue=False)
    Report.objects.filter(pk=lost.pk).update(created_at=old)
    young = services.report_request(actor=SYSTEM, fiscal_year=2570, as_of="2026-12", queue=False)
    Report.objects.filter(pk=young.pk).update(status="running", started_at=now - dt.timedelta(minutes=2))
    done = services.report_request(actor=SYSTEM, fiscal_year=2570, as_of="2027-01", queue=False)
    Report.objects.filter(pk=done.pk).update(status="done", created_at=old)

    with committed():
        assert services.report_requeue_stalled(actor=SYSTEM, now=now) == [dead.pk, lost.pk]
        assert queued_ids == []  # after commit only
    assert queued_ids == [("evaluation.generate_report", [dead.pk]), ("evaluation.generate_report", [lost.pk])]


@pytest.mark.django_db(transaction=True)
def test_the_sweep_passes_over_a_report_a_live_worker_holds(published_tasks):
    import datetime as dt
    import threading

    from django.db import connection, transaction
    from django.utils import timezone

    report = services.report_request(actor=SYSTEM, fiscal_year=2570, as_of="2026-10", queue=False)
    Report.objects.filter(pk=report.pk).update(status="running",
                                               started_at=timezone.now() - dt.timedelta(hours=2))
    locked, release = threading.Event(), threading.Event()

    def generating():  # a long run: report_generate holds the row until it commits
        try:
            with transaction.atomic():
                Report.objects.select_for_update().get(pk=report.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=generating)
    worker.start()
    assert locked.wait(10)
    try:
        assert services.report_requeue_stalled(actor=SYSTEM) == []
    finally:
        release.set()
        worker.join()
    assert services.report_requeue_stalled(actor=SYSTEM) == [report.pk]


def test_it_schedules_the_stalled_report_sweep_and_the_email_sweep():
    from otop_portal.celery import app, gather_beat_schedules

    schedule = gather_beat_schedules(app.conf)
    assert schedule["evaluation-requeue-stalled-reports"]["task"] == "evaluation.requeue_stalled_reports"
    assert schedule["core-email-sweep"]["task"] == "core.email_sweep"
    assert {"evaluation.requeue_stalled_reports", "core.email_sweep", "core.deliver_email"} <= set(app.tasks)
