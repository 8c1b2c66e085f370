"""Workspaces (``/me/``): what each role has to do next, as queues the apps contribute.

core knows no domain app, so every queue comes through the hook ``core.workspace`` (core/registry.py):
an app registers in its AppConfig.ready() a function ``(*, user) -> Queue | list[Queue] | None`` that
reads one of its own selectors (``evaluation.selectors.missing_income_months`` and so on) and returns
``None`` when the queue does not apply to the user. A user with several roles (a producer who is also
an expert, staff with an expert profile) gets every section that applies.

A queue's count is the number of its rows (``len(rows)``): the number shown is the list shown. Each
selector runs a constant number of queries whatever the number of rows (tests pin it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from . import permissions, registry

HOOK = "core.workspace"

PRODUCER = "producer"
STAFF = "staff"
PARTNER = "partner"
EXPERT = "expert"

SECTIONS = [
    (PRODUCER, _("งานของกลุ่มผู้ผลิต")),
    (STAFF, _("งานรอเจ้าหน้าที่")),
    (PARTNER, _("งานของภาคีเครือข่าย")),
    (EXPERT, _("งานของผู้เชี่ยวชาญ")),
]


@dataclass
class Row:
    """One thing to do: a title, the link to the page where it is done, and what to show beside it."""

    title: str
    url: str
    detail: str = ""
    since: dt.date | dt.datetime | None = None
    action: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Queue:
    key: str
    role: str
    title: Any
    rows: list[Row]
    order: int = 50
    empty: Any = _("ไม่มีรายการค้าง")
    template: str = "core/_queue_rows.html"
    more_url: str = ""
    note: Any = ""

    @property
    def count(self) -> int:
        return len(self.rows)


def queues_for(user: Any) -> list[Queue]:
    """Every queue that applies to `user`, in each contribution's order."""
    if not permissions.is_member(user):
        return []
    found: list[Queue] = []
    for value in registry.collect(HOOK, user=user):
        found.extend(value if isinstance(value, list | tuple) else [value])
    return sorted(found, key=lambda q: (q.order, q.key))


def sections_for(user: Any, *, roles: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """The queues grouped by role, in SECTIONS order; a section with no queue is left out."""
    queues = queues_for(user)
    sections = []
    for role, title in SECTIONS:
        if roles is not None and role not in roles:
            continue
        mine = [q for q in queues if q.role == role]
        if mine:
            sections.append(
                {"role": role, "title": title, "queues": mine, "count": sum(q.count for q in mine)}
            )
    return sections


def admin_dashboard(request: Any, context: dict[str, Any]) -> dict[str, Any]:
    """django-unfold's DASHBOARD_CALLBACK: the admin's home page shows the staff queues of /me/."""
    context["workspace_sections"] = sections_for(request.user, roles=(STAFF,))
    return context


def district_officers(codes: Any) -> dict[str, Any]:
    """The responsible officer of each district code in `codes` (core.models.DistrictOfficer), by code:
    whom a producer asks when the next step is staff's. One query."""
    from .models import DistrictOfficer

    codes = set(codes)
    if not codes:
        return {}
    return {
        o.district_id: o
        for o in DistrictOfficer.objects.filter(district_id__in=codes).select_related("officer")
    }
