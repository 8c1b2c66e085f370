"""Queue Celery tasks after commit without a broker outage ever undoing a write or becoming a 500.

    from core.tasks_dispatch import enqueue_after_commit
    enqueue_after_commit(generate_report, args=[report.pk])

When the transaction commits the task is published at once (no publish retries: a dead broker must not
stall the request). If the broker is unreachable the write stays committed and the task is kept as a
`core.PendingTask` row with the task id it will carry; `pending_tasks_resend` — the beat task
`core.resend_pending_tasks` every minute, and each worker when it starts — sends it once the broker is back.
Delivery is at least once (a row whose send succeeded but whose delete did not commit is sent again with
the same task id), so tasks queued this way must be idempotent, as every task of the portal is.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from celery import current_app
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

from .permissions import Actor, is_staff_user

logger = logging.getLogger(__name__)

# What publishing raises when the broker is down, restarting or unreachable.
BROKER_ERRORS: tuple[type[BaseException], ...] = (KombuOperationalError, RedisError, OSError)


def enqueue_after_commit(
    task: Any, *, args: list | tuple = (), kwargs: dict | None = None, options: dict | None = None
) -> str:
    """Publish `task(*args, **kwargs)` once the current transaction commits (at once outside one).
    `options` are apply_async options kept with a deferred task (e.g. `{"queue": "reports"}`).
    Returns the task id, the same whether it is sent now or later."""
    task_id = str(uuid.uuid4())
    call_args, call_kwargs, call_options = list(args), dict(kwargs or {}), dict(options or {})
    transaction.on_commit(
        lambda: send_or_keep(
            task.name, args=call_args, kwargs=call_kwargs, task_id=task_id, options=call_options
        )
    )
    return task_id


def send_or_keep(task_name: str, *, args: list, kwargs: dict, task_id: str, options: dict) -> bool:
    """Send the task now; if the broker is unreachable keep it as a PendingTask row. True when sent."""
    try:
        _publish(task_name, args=args, kwargs=kwargs, task_id=task_id, options=options)
        return True
    except Exception as exc:  # the broker, or the result backend Celery subscribes to on sending
        logger.warning(
            "tasks: broker unavailable, %s %s kept for resending (%s: %s)",
            task_name,
            task_id,
            type(exc).__name__,
            exc,
        )
    from .models import PendingTask

    try:
        PendingTask.objects.get_or_create(
            task_id=task_id,
            defaults={"task_name": task_name, "args": args, "kwargs": kwargs, "options": options},
        )
    except DatabaseError:
        logger.exception(
            "tasks: neither the broker nor the database took %s %s %r %r: the task is lost",
            task_name,
            task_id,
            args,
            kwargs,
        )
    return False


def pending_tasks_resend(*, actor: Actor, limit: int = 500) -> int:
    """Send the tasks kept while the broker was down, oldest first, with their own task ids; stop at the
    first broker error (the broker is still down: the rows stay, with the attempt and error recorded).
    Rows are locked with SKIP LOCKED, so two sweeps at once do not send a row twice. Returns how many
    were sent. Staff and the system only."""
    from .models import PendingTask

    if not is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้นที่ส่งงานที่ค้างอยู่เข้าคิวได้"))
    sent = 0
    with transaction.atomic():
        for row in PendingTask.objects.select_for_update(skip_locked=True).order_by("pk")[:limit]:
            try:
                _publish(
                    row.task_name, args=row.args, kwargs=row.kwargs, task_id=row.task_id, options=row.options
                )
            except Exception as exc:
                row.attempts += 1
                row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                row.save(update_fields=["attempts", "last_error"])
                if isinstance(exc, BROKER_ERRORS) or isinstance(exc, RuntimeError):
                    logger.warning(
                        "tasks: broker still unavailable, %s pending task(s) kept",
                        PendingTask.objects.count(),
                    )
                    break
                logger.exception("tasks: pending task %s %s could not be sent", row.task_name, row.task_id)
                continue
            row.delete()
            sent += 1
    if sent:
        logger.info("tasks: %s pending task(s) sent after a broker outage", sent)
    return sent


def _publish(task_name: str, *, args: list, kwargs: dict, task_id: str, options: dict) -> None:
    current_app.send_task(task_name, args=args, kwargs=kwargs, task_id=task_id, retry=False, **options)
