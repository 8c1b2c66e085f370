"""Drill: the mail server fails. Through a real worker on Redis, a booking confirmation and an issue
assignment are e-mailed while the server refuses the first attempts (each e-mail arrives exactly once,
after its retries, with the attempts on record), and while it refuses everything (every e-mail ends
`failed` with its error, nothing is lost, the booking and the assignment are committed all the same)."""

import datetime as dt

import pytest

from campaigns import services as campaigns_services
from campaigns.models import DevelopmentIssue
from core import tasks as core_tasks
from core.actors import SYSTEM
from core.models import OutgoingEmail
from tests.factories.campaigns import assigned_issue
from tests.factories.tourism import CommunityFactory, ProgramFactory
from tests.faults.backends import sent_messages
from tests.faults.conftest import wait_for
from tourism import services as tourism_services
from tourism.models import Booking

pytestmark = [pytest.mark.faults, pytest.mark.redis]


@pytest.fixture
def routed_to(monkeypatch, settings):
    """Send the outbox's tasks to the drill worker's queue (as production sends them to its workers)."""
    settings.EMAIL_DELIVER_INLINE = False

    def route(queue):
        monkeypatch.setattr(core_tasks.deliver_email, "queue", queue, raising=False)
        monkeypatch.setattr(core_tasks.deliver_email, "_exec_options", None)

    return route


def _book_confirm_and_assign(staff, owner, group, partner_user, partner_org):
    """The business writes: each commits on its own (no test transaction), queuing its e-mails."""
    for user in (staff, owner, partner_user):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    program = ProgramFactory(community=CommunityFactory(coordinators=[staff], contact_email=""))
    today = dt.date.today()
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7 + 7)
    booking = tourism_services.booking_create(
        actor=SYSTEM,
        program=program,
        date=saturday,
        people=4,
        name="คุณมาลี ใจงาม",
        email="malee@example.com",
        today=today,
    )
    booking = tourism_services.booking_confirm(actor=staff, booking=booking, note="พบกันที่ศาลาหมู่บ้าน")
    issue = assigned_issue(group, status="open", raised_by=owner, staff_contact=staff)
    campaigns_services.issue_transition(
        actor=staff, issue=issue, action="assign", partners=[partner_org], note="ขอให้ทีมออกแบบช่วย"
    )
    return booking


EXPECTED_KEYS = {"created", "new-request", "confirmed", "owner", "partner"}


def _all(queryset, status):
    rows = list(queryset)
    return rows if rows and all(row.status == status for row in rows) else None


def _keys(rows):
    names = set()
    for row in rows:
        if row.key.startswith("booking:"):
            names.add(row.key.split(":")[2])
        else:
            names.add(row.to[0].split("@")[0])
    return names


def test_each_email_arrives_exactly_once_after_the_server_refused_its_first_two_attempts(
    drill_worker, routed_to, monkeypatch, tmp_path, staff, owner, group, partner_user, partner_org
):
    worker = drill_worker(
        env={
            "OTOP_FAULTS_EMAIL_BACKEND": "tests.faults.backends.FlakyBackend",
            "OTOP_FAULTS_FAIL_FIRST": "2",
            "OTOP_FAULTS_MAIL_DIR": str(tmp_path),
            "EMAIL_MAX_ATTEMPTS": "5",
            "EMAIL_RETRY_BACKOFF": "0.3",
        }
    )
    routed_to(worker.queue)
    monkeypatch.setenv("OTOP_FAULTS_MAIL_DIR", str(tmp_path))  # where this process reads what was accepted
    booking = _book_confirm_and_assign(staff, owner, group, partner_user, partner_org)
    rows = wait_for(lambda: _all(OutgoingEmail.objects.order_by("pk"), "sent"), what="every e-mail sent")
    accepted = sent_messages()

    assert _keys(rows) == EXPECTED_KEYS  # the tourist twice, the coordinator, the raiser, the partner
    assert all(row.attempts == 3 and "Connection refused" in row.last_error for row in rows)
    # exactly one accepted copy per e-mail, carrying the row's Message-ID, with the row's content
    assert sorted(m["message_id"] for m in accepted) == sorted(row.message_id for row in rows)
    confirmed = next(
        m
        for m in accepted
        if m["message_id"] == next(r.message_id for r in rows if r.key == f"booking:{booking.pk}:confirmed")
    )
    assert confirmed["to"] == ["malee@example.com"] and booking.code in confirmed["subject"]
    assert "พบกันที่ศาลาหมู่บ้าน" in confirmed["body"]
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"


def test_a_server_that_always_refuses_leaves_every_email_failed_and_kept_and_the_writes_committed(
    drill_worker, routed_to, staff, owner, group, partner_user, partner_org
):
    worker = drill_worker(
        env={
            "OTOP_FAULTS_EMAIL_BACKEND": "tests.faults.backends.AlwaysFailingBackend",
            "EMAIL_MAX_ATTEMPTS": "3",
            "EMAIL_RETRY_BACKOFF": "0.3",
        }
    )
    routed_to(worker.queue)
    booking = _book_confirm_and_assign(staff, owner, group, partner_user, partner_org)
    rows = wait_for(
        lambda: _all(OutgoingEmail.objects.order_by("pk"), "failed"), what="every e-mail given up"
    )

    assert _keys(rows) == EXPECTED_KEYS
    for row in rows:
        assert row.attempts == 3 and row.sent_at is None and row.next_attempt_at is None
        assert "ConnectionRefusedError" in row.last_error and row.subject and row.body and row.to
    booking = Booking.objects.get(pk=booking.pk)
    assert booking.status == "confirmed"  # the business write stands
    assert DevelopmentIssue.objects.get().status == "assigned"
