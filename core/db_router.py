"""Heavy reads on a PostgreSQL read replica, chosen explicitly, never by default.

When ``DATABASE_REPLICA_URL`` is set, settings add ``DATABASES["replica"]`` and
``DATABASE_REPLICA_ALIAS = "replica"``. Nothing goes there unless a read path asks for it:

    from core.db_router import using_replica, read_alias

    with using_replica():          # ORM reads in the block go to the replica ...
        rows = list(Entry.objects.filter(...))
    with connections[read_alias()].cursor() as cursor:   # ... or a raw statement, explicitly
        ...

A read stays on the primary (``default``) — so it sees what this request or task just wrote — when:
- no replica is configured (``DATABASE_REPLICA_ALIAS`` empty: one machine, the tests);
- it runs inside a transaction on the primary (``transaction.atomic``: a service reading what it locks);
- this request or task has already written (replication lag must not hide the visitor's own change).
Writes always go to the primary, and migrations run only there. The "has written" mark is reset when a
request starts and when a Celery task starts (signals below).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from celery.signals import task_prerun
from django.conf import settings
from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet

Q = TypeVar("Q", bound=QuerySet[Any])

_replica_wanted: ContextVar[bool] = ContextVar("replica_wanted", default=False)
_wrote_primary: ContextVar[bool] = ContextVar("wrote_primary", default=False)


def replica_configured() -> str:
    """The replica's alias, or '' when there is none."""
    alias = getattr(settings, "DATABASE_REPLICA_ALIAS", "") or ""
    return alias if alias in settings.DATABASES else ""


def read_alias() -> str:
    """The alias a heavy read should use now: the replica inside ``using_replica()`` when allowed,
    else the primary."""
    alias = replica_configured()
    if not alias or not _replica_wanted.get() or _wrote_primary.get():
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return alias


@contextmanager
def using_replica() -> Iterator[str]:
    """Route the ORM reads of the block to the replica (when allowed, see the module docstring).
    Yields the alias the block's reads use at its start."""
    token = _replica_wanted.set(True)
    try:
        yield read_alias()
    finally:
        _replica_wanted.reset(token)


def on_replica(queryset: Q) -> Q:
    """The queryset pinned to ``read_alias()`` as of now (for a queryset evaluated later)."""
    return queryset.using(read_alias())


def mark_primary_written() -> None:
    _wrote_primary.set(True)


def reset_request_state(**kwargs: Any) -> None:
    _wrote_primary.set(False)


request_started.connect(reset_request_state, dispatch_uid="core.db_router.request_started")
task_prerun.connect(reset_request_state, dispatch_uid="core.db_router.task_prerun", weak=False)


class ReplicaRouter:
    """DATABASE_ROUTERS entry: reads follow ``read_alias()``, writes and migrations the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        alias = read_alias()
        return alias if alias != DEFAULT_DB_ALIAS else None

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        mark_primary_written()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # the replica holds the same rows

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        if db != DEFAULT_DB_ALIAS and db == replica_configured():
            return False
        return None
