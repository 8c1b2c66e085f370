"""Querysets built once per process for anonymous visitors.

Building a list's queryset — the visibility rule, its joins, annotations and prefetches — costs about a
millisecond of Python on every request before any SQL is sent, and for a visitor without an account it is
the same every time. ``built_once_for_anonymous`` wraps a selector ``f(*, user)`` so that an anonymous
visitor (``None`` or Django's ``AnonymousUser``) gets a fresh copy (``.all()``: a clone, never evaluated,
with its own result cache) of one queryset built the first time. Only for selectors whose queryset holds
nothing that changes — no date, no setting read at build time, no user; a logged-in user, ``SYSTEM`` and any
other argument go to the selector every time. The rows are always read anew: only the query's structure
is kept.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import QuerySet

Q = TypeVar("Q", bound=QuerySet)


def is_anonymous(user: Any) -> bool:
    return user is None or getattr(user, "is_anonymous", False) is True


def built_once_for_anonymous(selector: Callable[..., Q]) -> Callable[..., Q]:
    built: dict[str, Q] = {}

    @functools.wraps(selector)
    def wrapped(*args: Any, user: Any, **kwargs: Any) -> Q:
        if args or kwargs or not is_anonymous(user):
            return selector(*args, user=user, **kwargs)
        queryset = built.get("anonymous")
        if queryset is None:
            queryset = built["anonymous"] = selector(user=None)
        return queryset.all()

    wrapped.built = built  # type: ignore[attr-defined]  # tests look at it
    return wrapped
