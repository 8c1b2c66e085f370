"""The e-mail outbox: every e-mail the portal sends is a row first, written with the change it tells about.

Rules:
- ``email_queue`` writes an ``OutgoingEmail`` in the caller's transaction (a rolled-back booking sends
  nothing) under a unique ``key`` naming the event ("booking:12:confirmed"): queuing the same event again
  returns the row already there, so a retried service or task never queues a second e-mail.
- After commit the Celery task ``core.deliver_email`` sends it through ``email_deliver``. One attempt is
  two transactions: the first claims the row (``SELECT … FOR UPDATE SKIP LOCKED``; status ``sending``,
  ``attempts`` + 1, committed *before* the server is spoken to); the second locks the row again, sends,
  and marks it ``sent`` in that same transaction. A failure puts it back to ``queued`` with
  ``next_attempt_at`` (EMAIL_RETRY_BACKOFF doubled per attempt), or ``failed`` after EMAIL_MAX_ATTEMPTS
  (or at once on a permanent 5xx refusal); the error is kept. Nothing is deleted.
- The crash window, honestly: a worker that dies after the server accepted the message but before the
  commit leaves the row ``sending``. The sweep re-sends it (as a new attempt) once nobody holds its lock:
  delivery is at-least-once, at most once per recorded attempt, so at most EMAIL_MAX_ATTEMPTS copies in
  the worst case — and every copy carries the same Message-ID (derived from the key) for the receiving
  server or mail client to drop duplicates. A row whose send is still running is locked, so the sweep
  and other workers skip it: two workers never send the same row at once.
- ``email_sweep`` (beat, every minute) re-dispatches what the normal path lost: rows left ``queued`` past
  their time (the broker was down after commit, a retry message was lost) and rows left ``sending`` by a
  dead worker. ``email_retry`` (the admin action) gives a ``failed`` row a fresh set of attempts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parseaddr
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .actors import as_user
from .choices import EmailStatus
from .models import OutgoingEmail
from .permissions import Actor

logger = logging.getLogger(__name__)

# A row claimed (``sending``) but not locked for this long is taken as left by a dead worker. Longer than
# the instant between the claim's commit and the sending transaction's lock.
SENDING_GRACE = dt.timedelta(seconds=30)
# A queued row is re-dispatched by the sweep once it is this late: the normal path (the task queued after
# commit, or its retry) has had its chance.
QUEUED_GRACE = dt.timedelta(seconds=60)
MAX_BACKOFF = 3600.0


@dataclass(frozen=True)
class Delivery:
    """What one call of email_deliver did: ``status`` is sent / retry / failed / skipped; ``delay`` is
    when (seconds) the next attempt is due after a ``retry``."""

    status: str
    delay: float = 0.0


def _require_staff(actor: Actor) -> None:
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้น"))


def message_id_for(key: str) -> str:
    """The Message-ID of the e-mail of event `key`: the same on every attempt, so a receiving server or
    mail client can recognise a second copy sent after a crash."""
    domain = (
        getattr(settings, "EMAIL_MESSAGE_ID_DOMAIN", "")
        or parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
        or "localhost"
    )
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def email_queue(
    *, actor: Actor, key: str, to: Iterable[str], subject: str, body: str, from_email: str = ""
) -> OutgoingEmail | None:
    """Queue one e-mail for the event `key`, in the caller's transaction; it is sent after commit.

    Returns the row, or None when there is nobody to send to. The same key queued again (a retried
    service or task) returns the row already there and queues nothing."""
    recipients = sorted({addr.strip() for addr in to if addr and addr.strip()})
    if not recipients:
        return None
    key = key.strip()
    if not key:
        raise ValidationError(_("อีเมลต้องมีรหัสเหตุการณ์"))
    if len(key) > 200:  # a long address in the key: keep it unique, within the column
        key = f"{key[:150]}#{hashlib.sha256(key.encode()).hexdigest()[:40]}"
    email = OutgoingEmail(
        key=key,
        to=recipients,
        subject=" ".join(str(subject).split())[:255],
        body=str(body),
        from_email=from_email,
        message_id=message_id_for(key),
        status=EmailStatus.QUEUED,
        next_attempt_at=timezone.now(),
        created_by=as_user(actor),
    )
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        existing = OutgoingEmail.objects.filter(key=key).first()
        if existing is None:
            raise
        return existing
    transaction.on_commit(lambda: dispatch(email.pk))
    return email


def dispatch(email_id: int) -> None:
    """Hand one row to the delivery task (called after commit). When the broker cannot be reached the
    e-mail is sent from this process instead, through the same locked path; if that fails too the row
    stays queued for the sweep — nothing is lost, and nothing raises at the caller."""
    from .actors import SYSTEM
    from .tasks import deliver_email

    if settings.EMAIL_DELIVER_INLINE:
        deliver_email.apply(args=(email_id,))
        return
    try:
        deliver_email.delay(email_id)
    except Exception:  # broker unreachable
        logger.warning("outbox: broker unavailable, sending e-mail %s in-process", email_id, exc_info=True)
        try:
            email_deliver(actor=SYSTEM, email_id=email_id)
        except Exception:
            logger.exception("outbox: e-mail %s stays queued for the sweep", email_id)


def retry_delay(attempts: int) -> float:
    """Seconds before attempt `attempts` + 1: EMAIL_RETRY_BACKOFF doubled per failed attempt, at most an hour."""
    return float(min(settings.EMAIL_RETRY_BACKOFF * 2 ** max(attempts - 1, 0), MAX_BACKOFF))


def _is_permanent(exc: BaseException) -> bool:
    """A refusal that a later attempt cannot change: every recipient refused, or a 5xx reply."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return True
    code = getattr(exc, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


def _send(email: OutgoingEmail) -> None:
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=email.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(email.to),
        headers={"Message-ID": email.message_id},
    )
    if message.send(fail_silently=False) != 1:
        raise smtplib.SMTPException("the e-mail backend accepted no message")


def email_deliver(*, actor: Actor, email_id: int, now: dt.datetime | None = None) -> Delivery:
    """Make one delivery attempt of one row (the body of the task ``core.deliver_email``).

    Skips a row that is sent, failed, not yet due, or being sent by someone else (locked, or claimed
    less than SENDING_GRACE ago). Staff or SYSTEM only."""
    _require_staff(actor)
    now = now or timezone.now()
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
        if email is None or email.status in (EmailStatus.SENT, EmailStatus.FAILED):
            return Delivery("skipped")
        if (
            email.status == EmailStatus.QUEUED
            and email.next_attempt_at
            and email.next_attempt_at > now + dt.timedelta(seconds=1)
        ):
            return Delivery("skipped", (email.next_attempt_at - now).total_seconds())
        if (
            email.status == EmailStatus.SENDING
            and email.last_attempt_at
            and email.last_attempt_at > now - SENDING_GRACE
        ):
            return Delivery("skipped")
        # The claim: this attempt is on record before the server hears of it.
        attempt = email.attempts + 1
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=EmailStatus.SENDING, attempts=attempt, last_attempt_at=now, updated_at=timezone.now()
        )
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email_id)
        if email.status != EmailStatus.SENDING or email.attempts != attempt:
            return Delivery("skipped")  # taken over meanwhile (only after SENDING_GRACE)
        try:
            _send(email)
        except Exception as exc:
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if _is_permanent(exc) or attempt >= settings.EMAIL_MAX_ATTEMPTS:
                email.status, email.next_attempt_at = EmailStatus.FAILED, None
                logger.error(
                    "outbox: e-mail %s (%s) failed after %s attempts: %s",
                    email.pk,
                    email.key,
                    attempt,
                    email.last_error,
                )
                result = Delivery("failed")
            else:
                delay = retry_delay(attempt)
                email.status, email.next_attempt_at = EmailStatus.QUEUED, now + dt.timedelta(seconds=delay)
                logger.warning(
                    "outbox: e-mail %s attempt %s failed, retry in %ss: %s",
                    email.pk,
                    attempt,
                    delay,
                    email.last_error,
                )
                result = Delivery("retry", delay)
            email.save(update_fields=["status", "next_attempt_at", "last_error", "updated_at"])
            return result
        email.status, email.sent_at, email.next_attempt_at = EmailStatus.SENT, timezone.now(), None
        email.save(update_fields=["status", "sent_at", "next_attempt_at", "updated_at"])
    return Delivery("sent")


@transaction.atomic
def email_retry(*, actor: Actor, emails: Iterable[OutgoingEmail]) -> int:
    """Staff send failed e-mails again: each gets a fresh set of attempts (the last error is kept until
    the next one). Rows that are not failed are left alone. Returns how many were queued."""
    _require_staff(actor)
    ids = [e.pk for e in emails]
    rows = list(
        OutgoingEmail.objects.select_for_update(skip_locked=True)
        .filter(pk__in=ids, status=EmailStatus.FAILED)
        .values_list("pk", flat=True)
    )
    OutgoingEmail.objects.filter(pk__in=rows).update(
        status=EmailStatus.QUEUED, attempts=0, next_attempt_at=timezone.now(), updated_at=timezone.now()
    )
    for pk in rows:
        transaction.on_commit(partial(dispatch, pk))
    return len(rows)


@transaction.atomic
def email_sweep(*, actor: Actor, now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    """Re-dispatch what the normal path lost (beat, every minute): queued rows overdue by QUEUED_GRACE
    and rows left ``sending`` by a dead worker (claimed over SENDING_GRACE ago and locked by nobody).
    Dispatching a row twice is harmless (email_deliver skips what is not due or not free)."""
    _require_staff(actor)
    now = now or timezone.now()
    due = Q(status=EmailStatus.QUEUED, next_attempt_at__lte=now - QUEUED_GRACE) | Q(
        status=EmailStatus.SENDING, last_attempt_at__lte=now - SENDING_GRACE
    )
    ids = list(
        OutgoingEmail.objects.select_for_update(skip_locked=True)
        .filter(due)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        transaction.on_commit(partial(dispatch, pk))
    return ids
