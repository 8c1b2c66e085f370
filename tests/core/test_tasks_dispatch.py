"""core.tasks_dispatch: the sweep that sends tasks kept while the broker was down. The outage itself (a
real Redis killed, the task kept, run when it returns) is the drill tests/faults/test_redis_outage.py."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied

from core.actors import SYSTEM
from core.models import PendingTask
from core.tasks_dispatch import enqueue_after_commit, pending_tasks_resend

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    """What reaches the broker (recorded at Celery's send_task, the edge of the process)."""
    from celery import current_app

    calls = []
    monkeypatch.setattr(current_app, "send_task", lambda name, **kw: calls.append((name, kw)))
    return calls


def test_it_sends_after_commit_with_the_returned_task_id(committed, sent):
    from core.tasks import ping

    with committed():
        task_id = enqueue_after_commit(ping, options={"queue": "reports"})
        assert sent == []  # not before the commit
    assert sent == [
        ("core.ping", {"args": [], "kwargs": {}, "task_id": task_id, "retry": False, "queue": "reports"})
    ]
    assert not PendingTask.objects.exists()


def test_it_resends_kept_tasks_oldest_first_and_deletes_them(sent):
    first = PendingTask.objects.create(task_name="core.ping", task_id=str(uuid.uuid4()))
    second = PendingTask.objects.create(
        task_name="network.registration_notify",
        task_id=str(uuid.uuid4()),
        args=[7, "confirmed"],
        options={"queue": "mail"},
    )
    assert pending_tasks_resend(actor=SYSTEM) == 2
    assert [(name, kw["task_id"]) for name, kw in sent] == [
        ("core.ping", first.task_id),
        ("network.registration_notify", second.task_id),
    ]
    assert sent[1][1]["args"] == [7, "confirmed"] and sent[1][1]["queue"] == "mail"
    assert not PendingTask.objects.exists()


def test_it_keeps_the_rows_while_the_broker_is_still_down(monkeypatch):
    from celery import current_app
    from kombu.exceptions import OperationalError

    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(current_app, "send_task", down)
    PendingTask.objects.create(task_name="core.ping", task_id=str(uuid.uuid4()))
    PendingTask.objects.create(task_name="core.ping", task_id=str(uuid.uuid4()))
    assert pending_tasks_resend(actor=SYSTEM) == 0
    rows = list(PendingTask.objects.values_list("attempts", "last_error"))
    assert rows[0] == (1, "OperationalError: Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    assert rows[1] == (0, ""), "the sweep stops at the first broker error"


def test_only_staff_and_the_system_run_the_sweep(owner, staff, sent):
    with pytest.raises(PermissionDenied):
        pending_tasks_resend(actor=owner)
    assert pending_tasks_resend(actor=staff) == 0


def test_the_admin_shows_waiting_tasks_read_only_and_sends_them_on_request(client_for, staff, owner, sent):
    row = PendingTask.objects.create(task_name="core.ping", task_id=str(uuid.uuid4()),
                                     last_error="OperationalError: Connection refused")
    page = client_for(staff)
    listing = page.get("/admin/core/pendingtask/")
    assert listing.status_code == 200 and row.task_id in listing.content.decode()
    assert page.get("/admin/core/pendingtask/add/").status_code == 403
    assert page.post(f"/admin/core/pendingtask/{row.pk}/change/", {"task_name": "x"}).status_code == 403
    assert client_for(owner).get("/admin/core/pendingtask/").status_code in (302, 403)

    response = page.post("/admin/core/pendingtask/", {"action": "resend_now", "_selected_action": [row.pk]})
    assert response.status_code == 302
    assert [name for name, _ in sent] == ["core.ping"] and not PendingTask.objects.exists()
