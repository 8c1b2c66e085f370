"""Notifications: one service every app calls at its workflow steps, three channels.

    from core.notifications import notify
    notify(actor=actor, recipients=[record.created_by], event=NotificationEvent.WISDOM_SENT_BACK,
           object=record, title=..., body=...)

Rules:
- ``notify`` writes, in the caller's transaction, one ``Notification`` per recipient (the in-portal
  channel: the bell) and one ``NotificationDelivery`` per outside channel the recipient chose for this kind
  of event (e-mail, LINE). A rolled-back workflow step tells nobody.
- Idempotent: the event ``key`` is unique per recipient (database constraint) and each notification has at
  most one delivery per channel, so the same event notified again (a retried service or task) adds nothing.
- Nobody is told about an object they may not see: recipients who may not see ``object`` (its model's
  ``visible_to``) are dropped, the actor is never told of their own step, inactive accounts are skipped.
- Each delivery is sent after commit by the Celery task ``core.deliver_notification`` (queue
  ``notifications``, queued with ``core.tasks_dispatch.enqueue_after_commit``). Before sending, the task
  checks again that the recipient may still see the object — else nothing is sent and the delivery is
  recorded ``skipped`` with the reason. E-mail goes through the outbox (``core.outbox.email_queue``, which
  retries on its own). LINE is a push message (``core.line``) carrying an X-Line-Retry-Key derived from the
  delivery, so a retry after a lost answer is refused by LINE (409) rather than sent twice; network errors,
  429 and 5xx are retried with backoff (NOTIFY_RETRY_BACKOFF doubled per attempt) up to NOTIFY_MAX_ATTEMPTS;
  a refused token (401/403) or a refused request (400/404) is ``failed`` at once, with the reason.
- Preferences: per user, per kind of event, per channel (``NotificationPreference``); no row means the
  default (``DEFAULTS``). The in-portal channel is always on. LINE is offered only when the portal has LINE
  credentials (``core.line.line_configured``) and the user linked their LINE account.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import line, permissions
from .actors import SYSTEM, is_system
from .choices import DeliveryStatus, NotificationChannel, NotificationEvent
from .models import LineAccount, Notification, NotificationDelivery, NotificationPreference, User
from .outbox import email_queue
from .permissions import Actor

logger = logging.getLogger(__name__)

MAX_BACKOFF = 3600.0
QUEUED_GRACE = dt.timedelta(seconds=60)
OUTSIDE_CHANNELS = (NotificationChannel.EMAIL, NotificationChannel.LINE)
# What a user gets when they have not chosen: e-mail and LINE for every kind of event except comments on
# issues (frequent: in the portal and on LINE only).
DEFAULTS: dict[str, dict[str, bool]] = {
    event: {
        NotificationChannel.EMAIL: event != NotificationEvent.ISSUE_COMMENTED,
        NotificationChannel.LINE: True,
    }
    for event in NotificationEvent.values
}
# Link codes: no 0/O, 1/I/L, so they can be typed from a phone screen.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt did: sent / retry / failed / skipped, and the delay before a retry."""

    status: str
    delay: float = 0.0


# --- Who may see what --------------------------------------------------------------------------------


def may_see(user: Any, obj: models.Model | None) -> bool:
    """Whether `user` may see `obj` now (its model's visible_to; a model without one is public)."""
    if obj is None:
        return True
    if not getattr(user, "is_active", False):
        return False
    manager: Any = type(obj)._default_manager
    qs = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
    return bool(qs.filter(pk=obj.pk).exists())


def _object_of(notification: Notification) -> tuple[bool, models.Model | None]:
    """(found, object) of a notification: (True, None) when it is about no object."""
    if notification.content_type is None:
        return True, None
    model = notification.content_type.model_class()
    if model is None:
        return False, None
    obj = model._default_manager.filter(pk=notification.object_id).first()
    return obj is not None, obj


def notification_visible(notification: Notification) -> bool:
    """Whether the recipient may still see what the notification is about."""
    found, obj = _object_of(notification)
    return found and may_see(notification.recipient, obj)


def visible_object_ids(notifications: Sequence[Notification], user: Any) -> set[int]:
    """Ids of the notifications (of one page) whose object `user` may still see: one query per kind of
    object on the page, whatever the number of rows."""
    by_type: dict[int, list[Notification]] = {}
    shown: set[int] = set()
    for n in notifications:
        if n.content_type_id is None:
            shown.add(n.pk)
        else:
            by_type.setdefault(n.content_type_id, []).append(n)
    for ct_id, rows in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()  # cached by Django
        if model is None:
            continue
        manager: Any = model._default_manager
        qs = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
        ids = {str(pk) for pk in qs.filter(pk__in=[r.object_id for r in rows]).values_list("pk", flat=True)}
        shown.update(r.pk for r in rows if r.object_id in ids)
    return shown


# --- Preferences -------------------------------------------------------------------------------------


def channels_for(user: Any, event: str, preferences: dict[tuple[str, str], bool] | None = None) -> set[str]:
    """The outside channels `user` wants for `event` (before checking an address or a LINE link)."""
    chosen = preferences if preferences is not None else _preferences_of([user.pk]).get(user.pk, {})
    return {c for c in OUTSIDE_CHANNELS if chosen.get((event, c), DEFAULTS[event][c])}


def _preferences_of(user_ids: Iterable[int]) -> dict[int, dict[tuple[str, str], bool]]:
    found: dict[int, dict[tuple[str, str], bool]] = {}
    for user_id, event, channel, enabled in NotificationPreference.objects.filter(
        user_id__in=list(user_ids)
    ).values_list("user_id", "event", "channel", "enabled"):
        found.setdefault(user_id, {})[(event, channel)] = enabled
    return found


def preference_table(*, user: Any) -> list[dict[str, Any]]:
    """One row per kind of event with the user's choice per outside channel (the settings page)."""
    chosen = _preferences_of([user.pk]).get(user.pk, {})
    return [
        {
            "event": value,
            "label": label,
            **{str(c): chosen.get((value, c), DEFAULTS[value][c]) for c in OUTSIDE_CHANNELS},
        }
        for value, label in NotificationEvent.choices
    ]


@transaction.atomic
def preferences_set(*, actor: Actor, user: User, enabled: Iterable[tuple[str, str]]) -> int:
    """Set the user's choices: `enabled` lists the (event, channel) pairs they want; every other outside
    channel of every kind of event is off. Only the user themselves (or staff). Returns rows written."""
    if not (permissions.is_staff_user(actor) or getattr(actor, "pk", None) == user.pk):
        raise PermissionDenied(_("ตั้งค่าการแจ้งเตือนได้เฉพาะของตนเอง"))
    wanted = set(enabled)
    unknown = [
        pair for pair in wanted if pair[0] not in NotificationEvent.values or pair[1] not in OUTSIDE_CHANNELS
    ]
    if unknown:
        raise ValidationError(_("ไม่รู้จักประเภทการแจ้งเตือนที่เลือก"))
    rows = [
        NotificationPreference(user=user, event=event, channel=channel, enabled=(event, channel) in wanted)
        for event in NotificationEvent.values
        for channel in OUTSIDE_CHANNELS
    ]
    NotificationPreference.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["user", "event", "channel"], update_fields=["enabled"]
    )
    return len(rows)


def group_members(group_id: int | None) -> list[User]:
    """The active accounts of a producer group (recipients of what concerns the group)."""
    if not group_id:
        return []
    return list(User.objects.filter(memberships__group_id=group_id, is_active=True).distinct())


def active_staff() -> list[User]:
    """The active CDD staff accounts (recipients of what concerns the office)."""
    return list(User.objects.filter(role="staff", is_active=True))


# --- notify ------------------------------------------------------------------------------------------


def _recipients(recipients: Iterable[Any], actor: Actor) -> list[User]:
    seen: set[int] = set()
    users: list[User] = []
    actor_pk = None if is_system(actor) else getattr(actor, "pk", None)
    for user in recipients:
        if user is None or not getattr(user, "pk", None) or not user.is_active:
            continue
        if user.pk == actor_pk or user.pk in seen:
            continue
        seen.add(user.pk)
        users.append(user)
    return users


def notify(
    *,
    actor: Actor,
    recipients: Iterable[Any],
    event: str,
    object: models.Model | None,
    title: str,
    body: str = "",
    url: str = "",
    key: str = "",
    channels: Iterable[str] | None = None,
    email_subject: str = "",
    email_body: str = "",
    is_demo: bool = False,
) -> list[Notification]:
    """Tell `recipients` (users) about `event` on `object`, in the caller's transaction.

    - `key` names this occurrence of the event (default "<event>:<app.model>:<pk>"): the same key for
      the same recipient is never notified twice; give a repeatable step (a comment, a reschedule) a key of
      its own.
    - `url` defaults to the object's get_absolute_url(); LINE and e-mail carry SITE_URL + url.
    - `channels` limits the outside channels (e.g. a step whose e-mail the app already sends itself);
      the user's preferences choose among them. `email_subject`/`email_body` replace the default e-mail.
    Returns the notifications written now (none for recipients already told or who may not see it)."""
    if event not in NotificationEvent.values:
        raise ValueError(f"unknown notification event {event!r}")
    users = _recipients(recipients, actor)
    if not users:
        return []
    content_type = ContentType.objects.get_for_model(object) if object is not None else None
    if object is not None and not key:
        key = f"{event}:{content_type.app_label}.{content_type.model}:{object.pk}"  # type: ignore[union-attr]
    if not key:
        raise ValueError("notify() about no object needs a key")
    if len(key) > 200:
        raise ValueError("notification key too long")
    if not url and object is not None and hasattr(object, "get_absolute_url"):
        url = object.get_absolute_url()
    is_demo = is_demo or bool(getattr(object, "is_demo", False))  # about demo data: a demo notification
    allowed = {str(c) for c in (channels if channels is not None else OUTSIDE_CHANNELS)}
    users = [u for u in users if may_see(u, object)]
    if not users:
        return []
    preferences = _preferences_of(u.pk for u in users)
    line_on = line.line_configured()
    linked = (
        set(
            LineAccount.objects.filter(user__in=users, line_user_id__isnull=False).values_list(
                "user_id", flat=True
            )
        )
        if line_on and NotificationChannel.LINE in allowed
        else set()
    )
    written: list[Notification] = []
    now = timezone.now()
    for user in users:
        notification = Notification(
            recipient=user,
            event=event,
            key=key,
            title=" ".join(str(title).split())[:200],
            body=str(body),
            url=url[:500],
            content_type=content_type,
            object_id=str(object.pk) if object is not None else "",
            email_subject=" ".join(str(email_subject).split())[:255],
            email_body=str(email_body),
            is_demo=is_demo,
        )
        try:
            with transaction.atomic():
                notification.save()
        except IntegrityError:
            continue  # told already (the same key): idempotent
        written.append(notification)
        wanted = channels_for(user, event, preferences.get(user.pk, {})) & allowed
        for channel in OUTSIDE_CHANNELS:
            if channel not in wanted:
                continue
            if channel == NotificationChannel.EMAIL and not user.email:
                continue
            if channel == NotificationChannel.LINE and user.pk not in linked:
                continue
            delivery = NotificationDelivery.objects.create(
                notification=notification, channel=channel, status=DeliveryStatus.QUEUED, next_attempt_at=now
            )
            dispatch_after_commit(delivery.pk)
    return written


def dispatch_after_commit(delivery_id: int) -> None:
    """Queue the delivery task once the transaction commits (in tests: deliver in-process, one attempt)."""
    if settings.NOTIFY_DELIVER_INLINE:
        transaction.on_commit(partial(_deliver_inline, delivery_id))
        return
    from .tasks import deliver_notification
    from .tasks_dispatch import enqueue_after_commit

    enqueue_after_commit(deliver_notification, args=[delivery_id])


def _deliver_inline(delivery_id: int) -> None:
    try:
        notification_deliver(actor=SYSTEM, delivery_id=delivery_id)
    except Exception:
        logger.exception("notifications: delivery %s failed in-process", delivery_id)


# --- Delivery ----------------------------------------------------------------------------------------


def retry_delay(attempts: int) -> float:
    return float(min(settings.NOTIFY_RETRY_BACKOFF * 2 ** max(attempts - 1, 0), MAX_BACKOFF))


def retry_key_for(delivery: NotificationDelivery) -> str:
    """The X-Line-Retry-Key of a delivery: the same on every attempt."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/notification-delivery/{delivery.pk}"))


def message_text(notification: Notification) -> str:
    """The LINE text (Thai): the title, the body, the link back to the object."""
    parts = [notification.title]
    if notification.body:
        parts.append(notification.body)
    if notification.url:
        parts.append(settings.SITE_URL.rstrip("/") + notification.url)
    return "\n".join(parts)


def _email_text(delivery: NotificationDelivery) -> tuple[str, str]:
    notification = delivery.notification
    subject, body = notification.email_subject, notification.email_body
    if not subject:
        subject = f"[Creative OTOP] {notification.title}"
    if not body:
        body = message_text(notification)
    settings_url = settings.SITE_URL.rstrip("/") + "/me/notifications/settings/"
    footer = _("เลือกช่องทางการแจ้งเตือนได้ที่ %(url)s") % {"url": settings_url}
    return subject, f"{body}\n\n--\n{footer}"


def _is_permanent(exc: BaseException) -> bool:
    status = getattr(exc, "status", None)
    return isinstance(exc, line.ApiException) and isinstance(status, int) and status in (400, 401, 403, 404)


def _record(delivery: NotificationDelivery, status: str, reason: str = "", **fields: Any) -> None:
    delivery.status = status
    delivery.reason = reason[:2000]
    for name, value in fields.items():
        setattr(delivery, name, value)
    delivery.save(update_fields=["status", "reason", "updated_at", *fields])


def notification_deliver(*, actor: Actor, delivery_id: int, now: dt.datetime | None = None) -> Outcome:
    """Make one attempt of one delivery (the body of the task ``core.deliver_notification``).

    The row is locked for the attempt (SKIP LOCKED: a second worker skips it). A delivery that is not
    queued or not yet due is skipped. Staff or SYSTEM only."""
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้น"))
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            NotificationDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notification__recipient", "notification__content_type")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != DeliveryStatus.QUEUED:
            return Outcome("skipped")
        if delivery.next_attempt_at and delivery.next_attempt_at > now + dt.timedelta(seconds=1):
            return Outcome("skipped", (delivery.next_attempt_at - now).total_seconds())
        notification = delivery.notification
        user = notification.recipient
        if not user.is_active or not notification_visible(notification):
            _record(
                delivery, DeliveryStatus.SKIPPED, _("ผู้รับไม่มีสิทธิ์เห็นรายการนี้แล้ว จึงไม่ได้ส่ง"), next_attempt_at=None
            )
            return Outcome("skipped")
        if delivery.channel == NotificationChannel.EMAIL:
            return _deliver_email(delivery, user)
        return _deliver_line(delivery, user, now)


def _deliver_email(delivery: NotificationDelivery, user: User) -> Outcome:
    if not user.email:
        _record(delivery, DeliveryStatus.SKIPPED, _("ผู้รับไม่มีอีเมล"), next_attempt_at=None)
        return Outcome("skipped")
    subject, body = _email_text(delivery)
    email = email_queue(
        actor=SYSTEM, key=f"notification:{delivery.pk}", to=[user.email], subject=subject, body=body
    )
    # The outbox sends it after commit and retries on its own; its row keeps the SMTP outcome.
    _record(
        delivery,
        DeliveryStatus.SENT,
        _("ส่งเข้าคิวอีเมล #%(id)s") % {"id": email.pk if email else "-"},
        attempts=delivery.attempts + 1,
        sent_at=timezone.now(),
        next_attempt_at=None,
    )
    return Outcome("sent")


def _deliver_line(delivery: NotificationDelivery, user: User, now: dt.datetime) -> Outcome:
    if not line.line_configured():
        _record(delivery, DeliveryStatus.SKIPPED, _("ยังไม่ได้ตั้งค่า LINE Official Account"), next_attempt_at=None)
        return Outcome("skipped")
    line_user_id = (
        LineAccount.objects.filter(user=user, line_user_id__isnull=False)
        .values_list("line_user_id", flat=True)
        .first()
    )
    if not line_user_id:
        _record(delivery, DeliveryStatus.SKIPPED, _("ผู้รับยังไม่ได้เชื่อมบัญชี LINE"), next_attempt_at=None)
        return Outcome("skipped")
    attempt = delivery.attempts + 1
    try:
        line.push_text(
            to=line_user_id, text=message_text(delivery.notification), retry_key=retry_key_for(delivery)
        )
    except Exception as exc:
        status = getattr(exc, "status", None)
        if isinstance(exc, line.ApiException) and status == 409:
            # LINE accepted this retry key before (an earlier attempt whose answer was lost): sent once.
            _record(
                delivery,
                DeliveryStatus.SENT,
                _("LINE รับข้อความนี้ไว้แล้ว (ส่งซ้ำ)"),
                attempts=attempt,
                sent_at=timezone.now(),
                next_attempt_at=None,
            )
            return Outcome("sent")
        reason = f"{type(exc).__name__}: {status or ''} {getattr(exc, 'reason', '') or exc}".strip()
        if _is_permanent(exc) or attempt >= settings.NOTIFY_MAX_ATTEMPTS:
            logger.error(
                "notifications: LINE delivery %s failed (attempt %s): %s", delivery.pk, attempt, reason
            )
            _record(delivery, DeliveryStatus.FAILED, reason, attempts=attempt, next_attempt_at=None)
            return Outcome("failed")
        delay = retry_delay(attempt)
        logger.warning(
            "notifications: LINE delivery %s attempt %s failed, retry in %ss: %s",
            delivery.pk,
            attempt,
            delay,
            reason,
        )
        _record(
            delivery,
            DeliveryStatus.QUEUED,
            reason,
            attempts=attempt,
            next_attempt_at=now + dt.timedelta(seconds=delay),
        )
        return Outcome("retry", delay)
    _record(delivery, DeliveryStatus.SENT, "", attempts=attempt, sent_at=timezone.now(), next_attempt_at=None)
    return Outcome("sent")


@transaction.atomic
def notification_sweep(*, actor: Actor, now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    """Re-dispatch deliveries the normal path lost (beat, every minute): queued and overdue by QUEUED_GRACE."""
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้น"))
    now = now or timezone.now()
    ids = list(
        NotificationDelivery.objects.select_for_update(skip_locked=True)
        .filter(status=DeliveryStatus.QUEUED, next_attempt_at__lte=now - QUEUED_GRACE)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        dispatch_after_commit(pk)
    return ids


# --- The bell ----------------------------------------------------------------------------------------


def notifications_for(*, user: Any) -> Any:
    """The user's notifications, newest first (the list page)."""
    return Notification.objects.visible_to(user).filter(recipient_id=user.pk).select_related("content_type")


def unread_count(*, user: Any) -> int:
    if not permissions.is_member(user) or is_system(user):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


@transaction.atomic
def notifications_mark_read(*, actor: Actor, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's notifications read: those in `ids` (others' ids are ignored), or all of them.
    Returns how many changed."""
    if not permissions.is_member(actor) or is_system(actor):
        raise PermissionDenied(_("กรุณาเข้าสู่ระบบ"))
    qs = Notification.objects.editable_by(actor).filter(read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


# --- LINE linking ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkResult:
    """What a code sent to the Official Account did: linked / already / invalid / expired / taken."""

    status: str
    user: User | None = None


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


@transaction.atomic
def line_code_issue(*, actor: Actor, user: User, now: dt.datetime | None = None) -> LineAccount:
    """A fresh one-time code for `user` to send to the Official Account (replaces any earlier code); it
    expires after LINE_LINK_CODE_MINUTES. Only the user themselves, and only when LINE is configured."""
    if getattr(actor, "pk", None) != user.pk or is_system(actor):
        raise PermissionDenied(_("ขอรหัสเชื่อม LINE ได้เฉพาะบัญชีของตนเอง"))
    if not line.line_configured():
        raise ValidationError(_("ระบบยังไม่ได้เปิดใช้การแจ้งเตือนทาง LINE"))
    now = now or timezone.now()
    account, _created = LineAccount.objects.select_for_update().get_or_create(user=user)
    for _attempt in range(5):
        account.link_code = _new_code()
        account.code_expires_at = now + dt.timedelta(minutes=settings.LINE_LINK_CODE_MINUTES)
        try:
            with transaction.atomic():
                account.save(update_fields=["link_code", "code_expires_at", "updated_at"])
            return account
        except IntegrityError:
            continue
    raise ValidationError(_("สร้างรหัสไม่สำเร็จ กรุณาลองอีกครั้ง"))


@transaction.atomic
def line_link_by_code(
    *, actor: Actor, code: str, line_user_id: str, now: dt.datetime | None = None
) -> LinkResult:
    """Link the LINE userId that sent `code` to the account the code was issued to (the webhook).

    - a code nobody holds: ``invalid`` — unless this LINE userId is already linked (a duplicate webhook
      delivery of the message that linked it): ``already``, nothing changes;
    - a code past its time: ``expired`` (the user asks for a new one);
    - a LINE userId linked to another account: ``taken`` (unlink there first);
    - else ``linked``: the code is used up. SYSTEM or staff only."""
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะระบบเท่านั้น"))
    now = now or timezone.now()
    code = normalise_code(code)
    if not line_user_id:
        return LinkResult("invalid")
    account = (
        LineAccount.objects.select_for_update().select_related("user").filter(link_code=code).first()
        if len(code) == CODE_LENGTH
        else None
    )
    if account is None:
        existing = LineAccount.objects.filter(line_user_id=line_user_id).select_related("user").first()
        return LinkResult("already", existing.user) if existing else LinkResult("invalid")
    if account.code_expires_at is None or account.code_expires_at <= now:
        return LinkResult("expired", account.user)
    if account.line_user_id == line_user_id:
        return LinkResult("already", account.user)
    if LineAccount.objects.filter(line_user_id=line_user_id).exclude(pk=account.pk).exists():
        return LinkResult("taken", account.user)
    account.line_user_id = line_user_id
    account.linked_at = now
    account.link_code = None
    account.code_expires_at = None
    account.save(update_fields=["line_user_id", "linked_at", "link_code", "code_expires_at", "updated_at"])
    return LinkResult("linked", account.user)


@transaction.atomic
def line_unlink(*, actor: Actor, user: User) -> bool:
    """Forget the user's LINE userId (the user themselves or staff). True when there was a link."""
    if not (permissions.is_staff_user(actor) or getattr(actor, "pk", None) == user.pk):
        raise PermissionDenied(_("ยกเลิกการเชื่อม LINE ได้เฉพาะบัญชีของตนเอง"))
    return bool(
        LineAccount.objects.filter(user=user, line_user_id__isnull=False).update(
            line_user_id=None, linked_at=None, updated_at=timezone.now()
        )
    )


@transaction.atomic
def line_unfollowed(*, actor: Actor, line_user_id: str) -> bool:
    """The user blocked the Official Account (webhook "unfollow"): pushes would fail, so forget the link."""
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะระบบเท่านั้น"))
    return bool(
        LineAccount.objects.filter(line_user_id=line_user_id).update(
            line_user_id=None, linked_at=None, updated_at=timezone.now()
        )
    )


def line_account_of(*, user: Any) -> LineAccount | None:
    return LineAccount.objects.filter(user_id=user.pk).first()
