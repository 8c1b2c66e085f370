"""The e-mail outbox (core.outbox): queued with the business write, sent once after commit, retried with
backoff, given up after EMAIL_MAX_ATTEMPTS and kept, swept when left behind, sent again by staff."""

import datetime as dt
import smtplib
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from core import outbox
from core.actors import SYSTEM
from core.models import OutgoingEmail
from tests.factories import core as cf

pytestmark = pytest.mark.django_db

FAILING = "tests.faults.backends.AlwaysFailingBackend"


def queue(key="booking:1:confirmed", to=("malee@example.com",), **kw):
    return outbox.email_queue(
        actor=SYSTEM,
        key=key,
        to=list(to),
        subject=kw.pop("subject", "ยืนยันการจอง"),
        body=kw.pop("body", "รายละเอียด"),
        **kw,
    )


def test_it_sends_after_commit_once_with_a_message_id_derived_from_the_key(committed):
    with committed():
        email = queue()
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["malee@example.com"] and sent.subject == "ยืนยันการจอง" and sent.body == "รายละเอียด"
    assert (
        sent.extra_headers["Message-ID"] == outbox.message_id_for("booking:1:confirmed") == email.message_id
    )
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 1, "") and email.sent_at is not None


def test_it_sends_nothing_when_the_business_write_rolls_back(committed):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError("the booking failed")
    assert not OutgoingEmail.objects.exists() and mail.outbox == []


def test_it_never_queues_the_same_event_twice(committed):
    with committed():
        first = queue()
        again = queue(subject="ซ้ำ")
    assert again.pk == first.pk and OutgoingEmail.objects.count() == 1
    assert [m.subject for m in mail.outbox] == ["ยืนยันการจอง"]
    with committed():
        queue()  # a retried task, after it was sent
    assert len(mail.outbox) == 1


def test_it_queues_nothing_without_a_recipient_and_keeps_long_keys_unique():
    assert queue(to=["", "  "]) is None and not OutgoingEmail.objects.exists()
    long_a = queue(key="issue-change:1:" + "a" * 230 + "@example.org")
    long_b = queue(key="issue-change:1:" + "a" * 230 + "@example.com")
    assert long_a.pk != long_b.pk and len(long_a.key) <= 200


def test_it_retries_with_backoff_and_gives_up_after_the_last_attempt(settings, committed):
    settings.EMAIL_BACKEND = FAILING
    settings.EMAIL_MAX_ATTEMPTS, settings.EMAIL_RETRY_BACKOFF = 3, 10.0
    start = timezone.now()
    email = queue()
    assert outbox.email_deliver(actor=SYSTEM, email_id=email.pk, now=start) == outbox.Delivery("retry", 10.0)
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("queued", 1)
    assert email.next_attempt_at == start + dt.timedelta(seconds=10)
    assert "Connection refused" in email.last_error

    # not due yet: a duplicate or early message does nothing
    assert (
        outbox.email_deliver(actor=SYSTEM, email_id=email.pk, now=start + dt.timedelta(seconds=5)).status
        == "skipped"
    )
    assert OutgoingEmail.objects.get().attempts == 1

    later = start + dt.timedelta(seconds=10)
    assert outbox.email_deliver(actor=SYSTEM, email_id=email.pk, now=later) == outbox.Delivery("retry", 20.0)
    last = later + dt.timedelta(seconds=20)
    assert outbox.email_deliver(actor=SYSTEM, email_id=email.pk, now=last).status == "failed"
    email.refresh_from_db()
    assert (email.status, email.attempts, email.next_attempt_at) == ("failed", 3, None)
    assert "Connection refused" in email.last_error and email.body == "รายละเอียด"  # nothing lost
    assert (
        outbox.email_deliver(actor=SYSTEM, email_id=email.pk, now=last + dt.timedelta(hours=1)).status
        == "skipped"
    )
    assert mail.outbox == []


def test_it_gives_up_at_once_on_a_permanent_refusal(settings, monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({"nobody@example.com": (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    email = queue(to=["nobody@example.com"])
    assert outbox.email_deliver(actor=SYSTEM, email_id=email.pk).status == "failed"
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 1) and "SMTPRecipientsRefused" in email.last_error


def test_the_backoff_doubles_up_to_an_hour(settings):
    settings.EMAIL_RETRY_BACKOFF = 60.0
    assert [outbox.retry_delay(n) for n in (1, 2, 3, 4, 8)] == [60.0, 120.0, 240.0, 480.0, 3600.0]


def test_it_keeps_the_booking_when_the_mail_server_is_down(settings, committed):
    from tests.factories.tourism import CommunityFactory, ProgramFactory
    from tourism import services as tourism_services
    from tourism.models import Booking

    settings.EMAIL_BACKEND = FAILING
    program = ProgramFactory(community=CommunityFactory(coordinators=[cf.producer()]))
    with committed():
        booking = tourism_services.booking_create(
            actor=SYSTEM,
            program=program,
            date=dt.date(2026, 11, 28),
            people=4,
            name="คุณมาลี",
            email="malee@example.com",
            today=dt.date(2026, 11, 26),
        )
    assert Booking.objects.filter(pk=booking.pk).exists()
    email = OutgoingEmail.objects.get(key=f"booking:{booking.pk}:created")
    assert (email.status, email.attempts) == ("queued", 1) and email.to == ["malee@example.com"]


# --- Left behind: the sweep -----------------------------------------------------------------------


def test_the_sweep_sends_what_the_broker_never_got_and_leaves_fresh_rows_alone(
    settings, committed, monkeypatch
):
    from core import tasks

    def broker_down(*args):
        raise ConnectionError("broker down")

    settings.EMAIL_DELIVER_INLINE = False
    monkeypatch.setattr(tasks.deliver_email, "delay", broker_down)
    settings.EMAIL_BACKEND = FAILING  # the in-process fallback fails too: the row must stay queued
    with committed():
        lost = queue(key="booking:7:created")
    lost.refresh_from_db()
    assert lost.status == "queued" and lost.attempts == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.EMAIL_DELIVER_INLINE = True
    # five minutes later (its retry message was never queued either); another e-mail was just queued
    OutgoingEmail.objects.filter(pk=lost.pk).update(next_attempt_at=timezone.now() - dt.timedelta(minutes=4))
    queue(key="booking:8:created")
    with committed():
        swept = outbox.email_sweep(actor=SYSTEM)
    assert swept == [lost.pk]
    lost.refresh_from_db()
    assert (lost.status, lost.attempts) == ("sent", 2)
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [lost.message_id]


def test_a_row_left_sending_by_a_dead_worker_is_sent_again_with_the_same_message_id(committed):
    email = queue()
    claimed = timezone.now() - dt.timedelta(minutes=5)
    OutgoingEmail.objects.filter(pk=email.pk).update(status="sending", attempts=1, last_attempt_at=claimed)
    # claimed a moment ago: someone may be between the claim and the send — leave it
    assert (
        outbox.email_deliver(actor=SYSTEM, email_id=email.pk, now=claimed + dt.timedelta(seconds=5)).status
        == "skipped"
    )
    with committed():
        assert outbox.email_sweep(actor=SYSTEM) == [email.pk]
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)
    assert mail.outbox[0].extra_headers["Message-ID"] == email.message_id


@pytest.mark.django_db(transaction=True)
def test_a_row_being_sent_is_skipped_by_every_other_worker(settings, monkeypatch):
    from core import tasks

    settings.EMAIL_DELIVER_INLINE = False
    monkeypatch.setattr(tasks.deliver_email, "delay", lambda *a: None)  # queued, not yet picked up
    email = queue()
    locked, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                OutgoingEmail.objects.select_for_update().get(pk=email.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=hold)
    worker.start()
    assert locked.wait(10)
    try:
        assert outbox.email_deliver(actor=SYSTEM, email_id=email.pk).status == "skipped"
        assert outbox.email_sweep(actor=SYSTEM, now=timezone.now() + dt.timedelta(hours=1)) == []
    finally:
        release.set()
        worker.join()
    assert mail.outbox == [] and OutgoingEmail.objects.get().attempts == 0
    assert outbox.email_deliver(actor=SYSTEM, email_id=email.pk).status == "sent"
    assert len(mail.outbox) == 1


# --- Staff: the admin and "send again" ------------------------------------------------------------


def test_staff_send_a_failed_email_again_and_nobody_else_may(settings, committed, staff, owner):
    settings.EMAIL_BACKEND = FAILING
    settings.EMAIL_MAX_ATTEMPTS = 1
    email = queue()
    outbox.email_deliver(actor=SYSTEM, email_id=email.pk)
    email.refresh_from_db()
    assert email.status == "failed"
    with pytest.raises(PermissionDenied):
        outbox.email_retry(actor=owner, emails=[email])

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with committed():
        assert outbox.email_retry(actor=staff, emails=OutgoingEmail.objects.all()) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1) and len(mail.outbox) == 1
    with committed():
        assert outbox.email_retry(actor=staff, emails=[email]) == 0  # a sent e-mail is never re-sent
    assert len(mail.outbox) == 1


def test_the_admin_shows_the_outbox_read_only_with_a_retry_action(
    settings, client_for, staff, owner, committed
):
    settings.EMAIL_BACKEND = FAILING
    settings.EMAIL_MAX_ATTEMPTS = 1
    email = queue(subject="แจ้งผลการจอง")
    outbox.email_deliver(actor=SYSTEM, email_id=email.pk)
    page = client_for(staff)
    listing = page.get("/admin/core/outgoingemail/")
    assert listing.status_code == 200 and "แจ้งผลการจอง" in listing.content.decode()
    assert page.get(f"/admin/core/outgoingemail/{email.pk}/change/").status_code == 200
    assert page.get("/admin/core/outgoingemail/add/").status_code == 403
    assert page.post(f"/admin/core/outgoingemail/{email.pk}/change/", {"subject": "x"}).status_code == 403
    assert client_for(owner).get("/admin/core/outgoingemail/").status_code in (302, 403)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with committed():
        response = page.post(
            "/admin/core/outgoingemail/", {"action": "retry_failed", "_selected_action": [email.pk]}
        )
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == "sent" and email.subject == "แจ้งผลการจอง" and len(mail.outbox) == 1
