"""Registration e-mails, the day-before reminders, and who may see an event's meeting link.

Rules: the online meeting link goes only to staff and confirmed participants (e-mails included);
registration e-mails are written to the outbox (core.outbox) in the registration's own transaction and
sent after commit, retried while the mail server is down; one reminder per registration, the day before
the event (reminded_at set by a conditional UPDATE in the transaction that queues the reminder, so two
workers never both queue it).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core import permissions
from core.actors import SYSTEM
from core.choices import NotificationChannel, NotificationEvent
from core.notifications import notify
from core.outbox import email_queue
from core.permissions import Actor
from core.thai_dates import format_datetime

from ..choices import EventStatus, RegistrationStatus
from ..models import Event, Registration

logger = logging.getLogger(__name__)


def can_see_online_url(event: Event, user: Actor, registration: Registration | None = None) -> bool:
    """The meeting link is for staff and confirmed participants only (and not once cancelled)."""
    if not event.online_url:
        return False
    if permissions.is_staff_user(user):
        return True
    if event.status != EventStatus.PUBLISHED:
        return False
    if registration is not None:
        return registration.status == RegistrationStatus.CONFIRMED
    return bool(permissions.is_member(user) and Registration.objects.filter(
        event=event, user=user, status=RegistrationStatus.CONFIRMED).exists())


def _notify_after_commit(registration_id: int, kind: str) -> None:
    """Queue the registration e-mail in the outbox, in the caller's transaction (the name stays from when
    it was queued after commit: the outbox now sends it after commit)."""
    registration_notify(actor=SYSTEM, registration_id=registration_id, kind=kind)


def _mail_key(reg: Registration, kind: str) -> str:
    # A cancelled registration can be made again (same row, new registered_at): a new set of e-mails.
    return f"registration:{reg.pk}:{reg.registered_at:%Y%m%dT%H%M%S.%f}:{kind}"


def _render_mail(reg: Registration, kind: str) -> tuple[str, str]:
    link_ok = reg.status == RegistrationStatus.CONFIRMED and reg.event.status == EventStatus.PUBLISHED
    ctx = {"reg": reg, "event": reg.event, "kind": kind, "online_url": reg.event.online_url if link_ok else ""}
    subject = render_to_string("network/email/registration_subject.txt", ctx).strip()
    body = render_to_string("network/email/registration_body.txt", ctx)
    return subject, body


def registration_notify(*, actor: Actor, registration_id: int, kind: str) -> bool:
    """E-mail the registrant about their registration (confirmed / waitlisted / promoted), through the
    outbox (once per registration, kind and time of registering).
    The meeting link is included only while the registration is confirmed. Staff or SYSTEM only."""
    if not permissions.is_staff_user(actor):
        raise PermissionDenied
    reg = Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    if reg is None or not reg.recipient or reg.status == RegistrationStatus.CANCELLED:
        return False
    subject, body = _render_mail(reg, kind)
    email_queue(actor=SYSTEM, key=_mail_key(reg, kind), to=[reg.recipient], subject=subject, body=body)
    if kind == "event_cancelled":
        _tell_registrant(reg, NotificationEvent.EVENT_CANCELLED, kind)
    return True


_TELL_TITLES: dict[str, Any] = {
    NotificationEvent.EVENT_REMINDER: gettext_lazy("พรุ่งนี้: %(title)s %(when)s"),
    NotificationEvent.EVENT_CANCELLED: gettext_lazy("กิจกรรมถูกยกเลิก: %(title)s (%(when)s)"),
}


def _tell_registrant(reg: Registration, event: str, kind: str) -> None:
    """A registrant with an account also hears in the portal and on LINE (the e-mail is sent above, to the
    address of the registration; people without an account get that e-mail only)."""
    if reg.user_id is None:
        return
    title = str(_TELL_TITLES[event]) % {"title": reg.event.title, "when": format_datetime(reg.event.starts_at)}
    notify(actor=SYSTEM, recipients=[reg.user], event=event, object=reg.event, title=title,
           key=_mail_key(reg, kind), channels=[NotificationChannel.LINE])


def reminders_due(now: dt.datetime | None = None) -> QuerySet[Registration]:
    """Confirmed, not yet reminded registrations of published events starting tomorrow (Bangkok)."""
    now = timezone.localtime(now or timezone.now())
    tomorrow = now.date() + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    end = start + dt.timedelta(days=1)
    return Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED, reminded_at__isnull=True,
        event__status=EventStatus.PUBLISHED, event__starts_at__gte=start, event__starts_at__lt=end)


def registration_remind(*, actor: Actor, registration_id: int, now: dt.datetime | None = None) -> bool:
    """Send one reminder for one registration, at most once ever.

    Rule (idempotent): inside one transaction a conditional UPDATE sets reminded_at only where it is
    still empty; only the caller whose UPDATE changed the row queues the e-mail in the outbox, in that
    same transaction (the outbox retries it while the mail server is down). Two workers can never both
    queue it.
    Staff or SYSTEM (the beat task) only."""
    if not permissions.is_staff_user(actor):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Registration.objects.filter(
            pk=registration_id, reminded_at__isnull=True, status=RegistrationStatus.CONFIRMED,
        ).update(reminded_at=now)
        if claimed != 1:
            return False
        reg = Registration.objects.select_related("event", "user").get(pk=registration_id)
        if not reg.recipient:
            _tell_registrant(reg, NotificationEvent.EVENT_REMINDER, "reminder")
            return True  # nothing to e-mail to; counted as handled so it is not retried forever
        subject, body = _render_mail(reg, "reminder")
        email_queue(actor=SYSTEM, key=_mail_key(reg, "reminder"), to=[reg.recipient], subject=subject, body=body)
        _tell_registrant(reg, NotificationEvent.EVENT_REMINDER, "reminder")
    return True


def send_event_reminders(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Remind every confirmed participant of tomorrow's events; returns how many e-mails were handled.
    Safe to run any number of times a day (see registration_remind)."""
    sent = 0
    for pk in list(reminders_due(now).values_list("pk", flat=True)):
        if registration_remind(actor=actor, registration_id=pk, now=now):
            sent += 1
    return sent
