"""Drill: the Celery worker is killed (SIGKILL) in the middle of a report — its snapshot computed, its xlsx
written to storage, its transaction open. Nothing of it may show meanwhile; a new worker then finishes it
exactly once: one report, status done, one snapshot, one xlsx and one PDF under their own names.

Two ways back, one test each: Redis redelivers the unacknowledged message once the visibility timeout
has passed (here 3 s; CELERY_VISIBILITY_TIMEOUT in production), or the beat sweep
(report_requeue_stalled) re-queues the report as soon as no worker holds its row.

The drill's broker keys carry a prefix of their own, so its short visibility timeout never redelivers
another test's messages (and its leftovers are removed at the end)."""

import datetime as dt
import json
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from celery import Celery

from core.actors import SYSTEM
from evaluation import services
from evaluation.models import Report
from tests.factories import core as cf
from tests.factories.evaluation import TargetFactory, enroll, income
from tests.faults.conftest import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.redis]


@pytest.fixture
def drill_broker(settings):
    """A Celery client on the test Redis with a key prefix of its own; yields (app, transport options)."""
    prefix = f"drill-{uuid.uuid4().hex[:8]}:"
    options = {
        "global_keyprefix": prefix,
        "visibility_timeout": 3,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
    app = Celery("drill", broker=settings.TEST_REDIS_URL, set_as_current=False)
    app.conf.broker_transport_options = options
    yield app, options
    app.close()
    import redis

    client = redis.Redis.from_url(settings.TEST_REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)


def _fy2570_with_income():
    TargetFactory(fiscal_year=2570, project="all", target_percent=Decimal("3.00"))
    for n, (before, after) in enumerate([(1000, 1050), (2000, 2020), (500, 600)]):
        group = cf.ProducerGroupFactory(name_th=f"กลุ่มทดสอบรายงาน {n}")
        enroll(group)
        income(group, "2025-10", before)
        income(group, "2026-10", after)


@pytest.mark.parametrize("recovery", ["redelivery", "sweep"])
def test_a_report_killed_half_way_is_finished_exactly_once_by_the_next_worker(
    recovery, drill_worker, drill_broker, monkeypatch, tmp_path, settings
):
    app, options = drill_broker
    if recovery == "sweep":  # the production visibility timeout: only the sweep can bring it back soon
        options = {"global_keyprefix": options["global_keyprefix"]}
        app.conf.broker_transport_options = options  # (any consumer restores messages, this client too)
    broker_env = {"OTOP_FAULTS_TRANSPORT_OPTIONS": json.dumps(options)}
    _fy2570_with_income()
    report = services.report_request(actor=SYSTEM, fiscal_year=2570, as_of="2026-10", queue=False)
    folder = Path(settings.MEDIA_ROOT) / "evaluation" / "reports"
    stem = f"evaluation-2570-2026-10-v{report.version}"
    marker = tmp_path / "half-way"

    first = drill_worker(
        env={**broker_env, "OTOP_FAULTS_REPORT_PAUSE": "120", "OTOP_FAULTS_REPORT_MARKER": str(marker)},
        control_app=app,
    )
    app.send_task("evaluation.generate_report", args=[report.pk], queue=first.queue)
    wait_for(marker.exists, what="the report run half-way")

    # Half-way: the xlsx is on disk, but nothing of the report is visible.
    assert [p.name for p in folder.iterdir()] == [f"{stem}.xlsx"]
    report.refresh_from_db()
    assert (report.status, report.snapshot, report.xlsx.name, report.pdf.name) == ("running", {}, "", "")

    first.kill()
    report.refresh_from_db()
    assert (report.status, report.snapshot, report.xlsx.name) == ("running", {}, "")  # rolled back

    second = drill_worker(env=broker_env, queue=first.queue, control_app=app)
    if recovery == "sweep":
        # the sweep queues through core.tasks_dispatch; here onto the drill worker's own queue
        monkeypatch.setattr(
            "core.tasks_dispatch._publish",
            lambda task_name, *, args, kwargs, task_id, options: app.send_task(
                task_name, args=args, kwargs=kwargs, task_id=task_id, queue=second.queue
            ),
        )
        # the beat task's call (as if ten minutes had passed); it queues after its own commit
        queued = services.report_requeue_stalled(actor=SYSTEM, older_than=dt.timedelta(0))
        assert queued == [report.pk]
    wait_for(lambda: Report.objects.get(pk=report.pk).status == "done", what="the report finished")

    report.refresh_from_db()
    assert Report.objects.count() == 1 and report.version == 1 and report.error == ""
    # (1050 + 2020 + 600 - 3500) / 3500 x 100 = 4.857… -> 4.86; three units, once each
    assert report.snapshot["summary"]["increase_percent"] == "4.86" and len(report.snapshot["units"]) == 3
    assert sorted(p.name for p in folder.iterdir()) == [f"{stem}.pdf", f"{stem}.xlsx"]  # one file set
    assert report.xlsx.name == f"evaluation/reports/{stem}.xlsx" and report.xlsx.read()[:2] == b"PK"
    assert report.pdf.name == f"evaluation/reports/{stem}.pdf" and report.pdf.read()[:4] == b"%PDF"
