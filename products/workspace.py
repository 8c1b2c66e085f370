"""The products app's queues in the workspaces (/me/, core.workspace)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from core import permissions
from core.thai_dates import format_date
from core.workspace import PRODUCER, STAFF, Queue, Row, district_officers

from . import selectors, services
from .choices import STAGE_ORDER, Stage, stage_index


def _next_stage(stage: str) -> str | None:
    i = stage_index(stage) + 1
    return STAGE_ORDER[i] if i < len(STAGE_ORDER) else None


def producer_queues(*, user: Any) -> list[Queue] | None:
    """Development projects with what the next stage needs (and whom to ask when only staff can do
    it: the officer responsible for the group's district), and standards expiring within 90 days."""
    if not (permissions.is_producer(user) and permissions.producer_group_ids(user)):
        return None
    projects = list(selectors.projects_next_steps(user=user))
    officers = district_officers(p.group.subdistrict.district_id for p in projects)
    rows = []
    for project in projects:
        to_stage = _next_stage(project.stage)
        needs = [str(m) for m in services.stage_requirements_missing(project, to_stage)] if to_stage else []
        staff_step = (
            to_stage == Stage.DESIGN and project.product_id is not None and not project.has_assessment
        )
        officer = officers.get(project.group.subdistrict.district_id) if staff_step else None
        rows.append(
            Row(
                title=project.title,
                url=project.get_absolute_url(),
                detail=_("ขั้นตอนตอนนี้: %(now)s → ถัดไป: %(next)s")
                % {"now": project.get_stage_display(), "next": Stage(to_stage).label if to_stage else "–"},
                action=_("เลื่อนขั้นตอน") if to_stage and not needs else "",
                extra={
                    "needs": needs,
                    "staff_step": staff_step,
                    "officer": officer,
                    "district": project.group.subdistrict.district.name_th,
                },
            )
        )
    standards = [
        Row(
            title=f"{c.product.name_th} · {c.get_kind_display()}",
            url=reverse("products:standards", args=[c.product.slug]),
            detail=_("หมดอายุ %(d)s") % {"d": format_date(c.expires_on)},
            since=None,
            action=_("ต่ออายุ/แก้ไข"),
        )
        for c in selectors.standards_expiring(user=user)
    ]
    return [
        Queue(
            key="producer.projects",
            role=PRODUCER,
            order=30,
            rows=rows,
            title=_("โครงการพัฒนาผลิตภัณฑ์: ขั้นตอนถัดไป"),
            template="products/_queue_projects.html",
            more_url=reverse("products:pipeline"),
        ),
        Queue(
            key="producer.standards_expiring",
            role=PRODUCER,
            order=60,
            rows=standards,
            title=_("มาตรฐานที่จะหมดอายุใน 90 วัน"),
            more_url=reverse("products:mine"),
        ),
    ]


def staff_queues(*, user: Any) -> Queue | None:
    if not permissions.is_staff_user(user):
        return None
    rows = [
        Row(
            title=p.name_th,
            url=p.get_absolute_url(),
            since=p.created_at,
            detail=p.group.name_th,
            action=_("ตรวจและเผยแพร่"),
        )
        for p in selectors.products_awaiting_publication(user=user)
    ]
    return Queue(key="staff.products_draft", role=STAFF, order=40, rows=rows, title=_("ผลิตภัณฑ์รอเผยแพร่"))
