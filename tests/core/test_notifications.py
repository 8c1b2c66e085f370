"""core.notifications: notify(), deliveries on e-mail and LINE (against the local fake of the Messaging API),
idempotency, retries, a revoked token, access lost before delivery, preferences."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from core.actors import SYSTEM
from core.choices import DeliveryStatus, NotificationChannel, NotificationEvent
from core.models import LineAccount, Notification, NotificationDelivery, NotificationPreference
from core.notifications import notification_deliver, notification_sweep, notify, preferences_set
from tests.factories.wisdom import WisdomRecordFactory
from wisdom.choices import AccessLevel, Status

pytestmark = pytest.mark.django_db

EVENT = NotificationEvent.WISDOM_SENT_BACK


def link(user, line_user_id):
    return LineAccount.objects.update_or_create(
        user=user, defaults={"line_user_id": line_user_id, "linked_at": timezone.now()}
    )[0]


@pytest.fixture
def draft(group, owner):
    """A draft of `group`: its members and staff see it, nobody else."""
    return WisdomRecordFactory(
        owner_group=group,
        created_by=owner,
        status=Status.DRAFT,
        access_level=AccessLevel.RESTRICTED,
        title_th="ขนมบ้าบิ่นทดสอบ",
    )


def tell(users, obj, **kw):
    return notify(
        actor=kw.pop("actor", SYSTEM),
        recipients=users,
        event=kw.pop("event", EVENT),
        object=obj,
        title=kw.pop("title", "ภูมิปัญญาถูกส่งกลับให้แก้ไข"),
        body=kw.pop("body", "กรุณาเพิ่มขั้นตอน"),
        **kw,
    )


def test_it_tells_each_recipient_once_in_portal_by_email_and_by_line(
    fake_line, committed, draft, owner, colleague
):
    owner.email, colleague.email = "owner@example.com", ""
    owner.save(update_fields=["email"])
    colleague.save(update_fields=["email"])
    link(owner, "Uowner")
    with committed():
        written = tell([owner, colleague, owner, None], draft)
    assert {n.recipient for n in written} == {owner, colleague}
    # the owner: e-mail + LINE; the colleague has no e-mail and no LINE: in the portal only
    assert sorted(
        NotificationDelivery.objects.values_list("notification__recipient__username", "channel", "status")
    ) == [("owner", "email", "sent"), ("owner", "line", "sent")]
    assert len(fake_line.pushes) == 1
    push = fake_line.pushes[0]
    assert push["to"] == "Uowner"
    assert "ภูมิปัญญาถูกส่งกลับให้แก้ไข" in push["text"] and draft.get_absolute_url() in push["text"]
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]
    assert draft.get_absolute_url() in mail.outbox[0].body


def test_the_same_event_notified_again_sends_nothing_more(fake_line, committed, draft, owner):
    link(owner, "Uowner")
    with committed():
        tell([owner], draft)
    with committed():
        assert tell([owner], draft) == []  # a retried service
    assert Notification.objects.count() == 1
    assert NotificationDelivery.objects.filter(channel=NotificationChannel.LINE).count() == 1
    assert len(fake_line.pushes) == 1


def test_a_repeatable_step_has_a_key_of_its_own(fake_line, committed, draft, owner):
    link(owner, "Uowner")
    with committed():
        tell([owner], draft, key="wisdom:1:sent-back:1")
        tell([owner], draft, key="wisdom:1:sent-back:2")
    assert len(fake_line.pushes) == 2


def test_the_actor_and_inactive_accounts_are_not_told(fake_line, committed, draft, owner, colleague, staff):
    colleague.is_active = False
    colleague.save(update_fields=["is_active"])
    with committed():
        written = tell([owner, colleague, staff], draft, actor=staff)
    assert [n.recipient for n in written] == [owner]


def test_nobody_is_told_about_an_object_they_may_not_see(
    fake_line, committed, draft, owner, outsider, partner_user, expert_user
):
    for user, uid in [(owner, "Uowner"), (outsider, "Uout"), (partner_user, "Upart"), (expert_user, "Uexp")]:
        link(user, uid)
        user.email = f"{user.username}@example.com"
        user.save(update_fields=["email"])
    with committed():
        written = tell([owner, outsider, partner_user, expert_user], draft)
    assert [n.recipient for n in written] == [owner]
    assert [p["to"] for p in fake_line.pushes] == ["Uowner"]
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]


def test_access_lost_before_delivery_sends_nothing(
    fake_line, settings, committed, draft, owner, group, other_group
):
    settings.NOTIFY_DELIVER_INLINE = False  # the task would run later; we run it by hand
    owner.email = "owner@example.com"
    owner.save(update_fields=["email"])
    link(owner, "Uowner")
    tell([owner], draft)
    draft.owner_group, draft.created_by = other_group, None  # the record moves to another group
    draft.save(update_fields=["owner_group", "created_by"])
    owner._producer_group_ids = None
    for delivery in NotificationDelivery.objects.all():
        with committed():
            assert notification_deliver(actor=SYSTEM, delivery_id=delivery.pk).status == "skipped"
    assert set(NotificationDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SKIPPED}
    assert "ไม่มีสิทธิ์" in NotificationDelivery.objects.first().reason
    assert fake_line.pushes == [] and mail.outbox == []


def test_a_revoked_token_is_failed_not_retried_forever(fake_line, committed, draft, owner):
    link(owner, "Uowner")
    fake_line.mode = "revoked"
    with committed():
        tell([owner], draft)
    delivery = NotificationDelivery.objects.get(channel=NotificationChannel.LINE)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert "401" in delivery.reason
    requests = len(fake_line.requests)
    later = timezone.now() + dt.timedelta(days=1)
    assert notification_deliver(actor=SYSTEM, delivery_id=delivery.pk, now=later).status == "skipped"
    assert notification_sweep(actor=SYSTEM, now=later) == []
    assert len(fake_line.requests) == requests  # LINE was not asked again


def test_a_network_error_is_retried_with_backoff_then_failed(fake_line, settings, committed, draft, owner):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    settings.NOTIFY_RETRY_BACKOFF = 60.0
    link(owner, "Uowner")
    fake_line.mode = "down"
    start = timezone.now()
    with committed():
        tell([owner], draft)
    delivery = NotificationDelivery.objects.get(channel=NotificationChannel.LINE)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.QUEUED, 1)
    assert "500" in delivery.reason
    assert delivery.next_attempt_at >= start + dt.timedelta(seconds=59)
    # not yet due: nothing is sent
    assert notification_deliver(actor=SYSTEM, delivery_id=delivery.pk, now=start).status == "skipped"
    outcome = notification_deliver(
        actor=SYSTEM, delivery_id=delivery.pk, now=start + dt.timedelta(seconds=61)
    )
    assert (outcome.status, outcome.delay) == ("retry", 120.0)  # doubled
    outcome = notification_deliver(actor=SYSTEM, delivery_id=delivery.pk, now=start + dt.timedelta(hours=1))
    assert outcome.status == "failed"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)
    assert fake_line.pushes == []


def test_an_unreachable_line_server_is_retried(fake_line, settings, committed, draft, owner):
    link(owner, "Uowner")
    settings.LINE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    with committed():
        tell([owner], draft)
    delivery = NotificationDelivery.objects.get(channel=NotificationChannel.LINE)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.QUEUED, 1)
    settings.LINE_API_BASE = fake_line.url  # back
    with committed():
        assert notification_sweep(actor=SYSTEM, now=timezone.now() + dt.timedelta(minutes=5)) == [delivery.pk]
    delivery.refresh_from_db()
    # the inline dispatch ran "now", before next_attempt_at: the sweep's dispatch is skipped until due
    assert (
        notification_deliver(
            actor=SYSTEM, delivery_id=delivery.pk, now=timezone.now() + dt.timedelta(minutes=5)
        ).status
        == "sent"
    )
    assert len(fake_line.pushes_to("Uowner")) == 1


def test_a_retry_after_a_lost_answer_is_not_sent_twice(fake_line, settings, committed, draft, owner):
    """LINE accepted the push but the answer was lost: the retry carries the same X-Line-Retry-Key, LINE
    answers 409, the delivery is recorded sent — one message on the phone."""
    settings.NOTIFY_DELIVER_INLINE = False
    link(owner, "Uowner")
    tell([owner], draft)
    delivery = NotificationDelivery.objects.get(channel=NotificationChannel.LINE)
    from core.notifications import retry_key_for

    fake_line.retry_keys.add(retry_key_for(delivery))  # the first push got through
    assert notification_deliver(actor=SYSTEM, delivery_id=delivery.pk).status == "sent"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert fake_line.pushes == [] and fake_line.requests == ["/v2/bot/message/push"]


def test_a_user_without_line_linked_gets_no_line_delivery(fake_line, committed, draft, owner):
    with committed():
        tell([owner], draft)
    assert not NotificationDelivery.objects.filter(channel=NotificationChannel.LINE).exists()
    assert fake_line.requests == []


def test_unlinked_between_event_and_delivery_is_skipped(fake_line, settings, committed, draft, owner):
    settings.NOTIFY_DELIVER_INLINE = False
    link(owner, "Uowner")
    tell([owner], draft)
    LineAccount.objects.filter(user=owner).update(line_user_id=None)
    delivery = NotificationDelivery.objects.get(channel=NotificationChannel.LINE)
    assert notification_deliver(actor=SYSTEM, delivery_id=delivery.pk).status == "skipped"
    delivery.refresh_from_db()
    assert "ยังไม่ได้เชื่อม" in delivery.reason
    assert fake_line.requests == []


def test_without_line_credentials_the_line_channel_is_off(settings, committed, draft, owner):
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""
    link(owner, "Uowner")
    owner.email = "owner@example.com"
    owner.save(update_fields=["email"])
    with committed():
        tell([owner], draft)
    assert list(NotificationDelivery.objects.values_list("channel", flat=True)) == ["email"]
    assert len(mail.outbox) == 1


def test_preferences_choose_the_channels_per_kind_of_event(fake_line, committed, draft, owner):
    owner.email = "owner@example.com"
    owner.save(update_fields=["email"])
    link(owner, "Uowner")
    preferences_set(actor=owner, user=owner, enabled=[(NotificationEvent.WISDOM_PUBLISHED, "line")])
    assert NotificationPreference.objects.filter(user=owner, enabled=True).count() == 1
    with committed():
        tell([owner], draft)  # sent back: everything off but the portal
        tell([owner], draft, event=NotificationEvent.WISDOM_PUBLISHED)
    assert Notification.objects.filter(recipient=owner).count() == 2
    assert list(NotificationDelivery.objects.values_list("notification__event", "channel")) == [
        ("wisdom_published", "line")
    ]
    assert mail.outbox == [] and len(fake_line.pushes) == 1


def test_preferences_are_the_users_own(owner, colleague):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        preferences_set(actor=colleague, user=owner, enabled=[])
    with pytest.raises(ValidationError):
        preferences_set(actor=owner, user=owner, enabled=[("nonsense", "line")])
    assert not NotificationPreference.objects.exists()  # nothing half-saved


def test_a_rolled_back_step_tells_nobody(fake_line, draft, owner):
    from django.db import transaction

    link(owner, "Uowner")
    with pytest.raises(RuntimeError), transaction.atomic():
        tell([owner], draft)
        raise RuntimeError("the workflow step failed")
    assert not Notification.objects.exists() and fake_line.requests == []


def test_the_database_refuses_a_second_delivery_on_one_channel(draft, owner):
    from django.db import IntegrityError, transaction

    notification = Notification.objects.create(recipient=owner, event=EVENT, key="k", title="t")
    NotificationDelivery.objects.create(notification=notification, channel="line")
    with pytest.raises(IntegrityError), transaction.atomic():
        NotificationDelivery.objects.create(notification=notification, channel="line")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=owner, event=EVENT, key="k", title="again")


def test_the_task_is_queued_on_the_notifications_queue(
    settings, draft, owner, django_capture_on_commit_callbacks, monkeypatch
):
    settings.NOTIFY_DELIVER_INLINE = False
    owner.email = "owner@example.com"
    owner.save(update_fields=["email"])
    sent = []
    monkeypatch.setattr("core.tasks_dispatch._publish", lambda name, **kw: sent.append(name))
    with django_capture_on_commit_callbacks(execute=True):
        tell([owner], draft)
    assert sent == ["core.deliver_notification"]
    from otop_portal.celery import app

    assert app.amqp.router.route({}, "core.deliver_notification")["queue"].name == "notifications"
