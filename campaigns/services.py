"""Writes of the campaigns app: the issue status flow, comments and attachments,
partners' support, campaigns, posts (with the CSV import), tracked links and click counting.

Views, the API, the admin and the demo loader call these functions; none of them saves a model
directly. Every function takes the acting user as ``actor`` (``core.actors.SYSTEM`` for the portal
itself); ``…_by`` columns store ``_user(actor)``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
import string
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import permissions
from core.actors import as_user
from core.choices import NotificationEvent
from core.files import delete_after_commit
from core.models import PartnerOrganisation, User
from core.notifications import notify
from core.permissions import Actor
from core.services import save_changes, unique_slug
from core.thai_dates import format_month
from evaluation import selectors as evaluation_selectors
from tourism import selectors as tourism_selectors

from . import redirects
from .choices import (
    Channel,
    CommentKind,
    ConversionKind,
    IssueAction,
    IssueStatus,
    OrderContact,
)
from .models import (
    AllowedRedirectHost,
    AttributedSale,
    Campaign,
    CampaignPost,
    Conversion,
    DevelopmentIssue,
    IssueAttachment,
    IssueComment,
    IssueStatusChange,
    LinkClickDay,
    LinkSessionDay,
    Support,
    TrackedLink,
)
from .selectors import Attribution, attribution_for, normalise_human_code


def _user(actor: Actor) -> User | None:
    """The user to store in a ``…_by`` column (None for SYSTEM)."""
    return cast("User | None", as_user(actor))


# --- Development issues: creation and edits ------------------------------------------


def _check_issue_links(*, actor: Actor, group: Any, product: Any, project: Any, community: Any) -> None:
    errors = {}
    if permissions.is_producer(actor):
        if group is None:
            errors["group"] = _("กรุณาเลือกกลุ่มของท่าน")
        elif group.pk not in permissions.producer_group_ids(actor):
            errors["group"] = _("แจ้งประเด็นปัญหาได้เฉพาะกลุ่มที่ท่านเป็นสมาชิก")
    if group is not None:
        if product is not None and product.group_id != group.pk:
            errors["product"] = _("ผลิตภัณฑ์นี้ไม่ใช่ของกลุ่มที่เลือก")
        if project is not None and project.group_id != group.pk:
            errors["project"] = _("โครงการนี้ไม่ใช่ของกลุ่มที่เลือก")
    if community is not None and not permissions.is_staff_user(actor):
        if not tourism_selectors.communities_visible_to(user=actor).filter(pk=community.pk).exists():
            errors["community"] = _("ไม่พบชุมชนท่องเที่ยวที่เลือก")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def issue_create(*, actor: Actor, title: str, category: str, description: str = "", priority: str = "normal",
                 group: Any = None, product: Any = None, project: Any = None, community: Any = None,
                 staff_contact: User | None = None, attachments: Iterable[Any] = (),
                 is_demo: bool = False) -> DevelopmentIssue:
    """Staff raise an issue for any group; a producer only for a group they belong to
    (and its own products/projects). The new issue is open; staff are emailed. The staff
    contact is the raising staff member unless staff name another one."""
    if not (permissions.is_staff_user(actor) or permissions.is_producer(actor)):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่และผู้ผลิตเท่านั้นที่แจ้งประเด็นปัญหาได้"))
    if group is None and project is not None:
        group = project.group
    if group is None and product is not None:
        group = product.group
    _check_issue_links(actor=actor, group=group, product=product, project=project, community=community)
    issue = DevelopmentIssue(title=title, category=category, description=description, priority=priority,
                             group=group, product=product, project=project, community=community,
                             raised_by=_user(actor), is_demo=is_demo, staff_contact=None)
    if permissions.is_staff_user(actor):
        issue.staff_contact = staff_contact or _user(actor)
    issue.full_clean()
    issue.save()
    change = IssueStatusChange.objects.create(issue=issue, actor=_user(actor), action="create", from_status="",
                                              to_status=IssueStatus.OPEN)
    for upload in attachments:
        issue_attach(actor=actor, issue=issue, file=upload)
    _notify(issue=issue, change=change, actor=actor, action="create", from_status="", note=description)
    return issue


@transaction.atomic
def issue_update(*, actor: Actor, issue: DevelopmentIssue, **fields: Any) -> DevelopmentIssue:
    """Staff edit any issue; the raising producer/group only while it is still open."""
    if not DevelopmentIssue.objects.editable_by(actor).filter(pk=issue.pk).exists():
        raise PermissionDenied(_("คุณไม่มีสิทธิ์แก้ไขประเด็นปัญหานี้"))
    allowed = {"title", "category", "priority", "description", "product", "project", "community"}
    if permissions.is_staff_user(actor):
        allowed |= {"group", "staff_contact"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("แก้ไขได้เฉพาะหัวข้อ หมวด ความสำคัญ รายละเอียด และสิ่งที่เกี่ยวข้อง"))
    for name, value in fields.items():
        setattr(issue, name, value)
    _check_issue_links(actor=actor, group=issue.group, product=issue.product, project=issue.project,
                       community=issue.community)
    issue.full_clean()
    issue.save()
    return issue


# --- Development issues: the status flow (one service) ---------------------------------


@dataclass(frozen=True)
class Transition:
    who: str  # "staff" | "partner" | "partner_or_staff"
    sources: frozenset
    target: str


TRANSITIONS: dict[str, Transition] = {
    IssueAction.ASSIGN: Transition("staff", frozenset({IssueStatus.OPEN, IssueStatus.ASSIGNED,
                                                       IssueStatus.DECLINED}), IssueStatus.ASSIGNED),
    IssueAction.ACCEPT: Transition("partner", frozenset({IssueStatus.ASSIGNED}), IssueStatus.IN_PROGRESS),
    IssueAction.DECLINE: Transition("partner", frozenset({IssueStatus.ASSIGNED}), IssueStatus.DECLINED),
    IssueAction.RESOLVE: Transition("partner_or_staff", frozenset({IssueStatus.IN_PROGRESS}),
                                    IssueStatus.RESOLVED),
    IssueAction.CLOSE: Transition("staff", frozenset({IssueStatus.RESOLVED, IssueStatus.OPEN,
                                                      IssueStatus.DECLINED}), IssueStatus.CLOSED),
}

_WHO_MESSAGES = {
    "staff": gettext_lazy("ขั้นตอนนี้ทำได้เฉพาะเจ้าหน้าที่พัฒนาชุมชน"),
    "partner": gettext_lazy("ขั้นตอนนี้ทำได้เฉพาะภาคีเครือข่ายที่ได้รับมอบหมายประเด็นนี้"),
    "partner_or_staff": gettext_lazy("ขั้นตอนนี้ทำได้เฉพาะภาคีที่ได้รับมอบหมายหรือเจ้าหน้าที่"),
}


def _is_assigned_partner(actor: Actor, issue: DevelopmentIssue) -> bool:
    org_id = permissions.partner_organisation_id(actor)
    return org_id is not None and issue.assigned_partners.filter(pk=org_id).exists()


def actor_may(actor: Actor, issue: DevelopmentIssue, who: str) -> bool:
    if who == "staff":
        return permissions.is_staff_user(actor)
    if who == "partner":
        return _is_assigned_partner(actor, issue)
    return permissions.is_staff_user(actor) or _is_assigned_partner(actor, issue)


def available_actions(*, actor: Actor, issue: DevelopmentIssue) -> list[str]:
    """The steps `actor` may take on `issue` now (for showing buttons)."""
    return [action for action, t in TRANSITIONS.items()
            if issue.status in t.sources and actor_may(actor, issue, t.who)]


@transaction.atomic
def issue_transition(*, actor: Actor, issue: DevelopmentIssue, action: str, note: str = "",
                     partners: Iterable[PartnerOrganisation] | None = None) -> DevelopmentIssue:
    """The issue status flow, the only place it changes:

    open → assigned (staff, choosing one or more partner organisations)
    assigned → in_progress (an assigned partner accepts) | declined (an assigned partner declines)
    declined → assigned (staff re-assign; assigned → assigned re-assigns too)
    in_progress → resolved (an assigned partner, or staff)
    resolved → closed (staff; staff may also close an open or declined issue)

    A step not allowed for the actor's role is refused (PermissionDenied), a step not
    allowed from the current status is refused (ValidationError), both with a Thai message.
    Each step is logged (who, when, from, to, note) and emailed to those involved.
    """
    issue = DevelopmentIssue.objects.select_for_update().get(pk=issue.pk)
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError({"action": _("ไม่รู้จักขั้นตอนนี้")})
    if not DevelopmentIssue.objects.visible_to(actor).filter(pk=issue.pk).exists():
        raise PermissionDenied(_("คุณไม่มีสิทธิ์ดำเนินการกับประเด็นปัญหานี้"))
    if not actor_may(actor, issue, transition.who):
        raise PermissionDenied(str(_WHO_MESSAGES[transition.who]))
    if issue.status not in transition.sources:
        raise ValidationError({"action": _("ไม่สามารถ “%(action)s” ประเด็นที่มีสถานะ “%(status)s” ได้") % {
            "action": IssueAction(action).label, "status": issue.get_status_display()}})
    if action == IssueAction.DECLINE and not note.strip():
        raise ValidationError({"note": _("กรุณาระบุเหตุผลที่ปฏิเสธ")})
    from_status = issue.status
    if action == IssueAction.ASSIGN:
        partners = list(partners or [])
        if not partners:
            raise ValidationError({"partners": _("กรุณาเลือกภาคีเครือข่ายอย่างน้อยหนึ่งหน่วยงาน")})
        issue.assigned_partners.set(partners)
        if issue.staff_contact_id is None:
            issue.staff_contact = _user(actor)
    issue.status = transition.target
    issue.full_clean()
    issue.save(update_fields=["status", "staff_contact", "updated_at"])
    change = IssueStatusChange.objects.create(issue=issue, actor=_user(actor), action=action,
                                              from_status=from_status, to_status=issue.status, note=note)
    _notify(issue=issue, change=change, actor=actor, action=action, from_status=from_status, note=note)
    return issue


def issue_recipient_users(*, issue: DevelopmentIssue, action: str, actor: Actor) -> list[User]:
    """Those involved: the raiser, the staff contact, the users of the assigned partners
    (a new issue without a staff contact: the active staff), each once, without the actor."""
    users: list[Any] = []
    if issue.raised_by_id:
        users.append(issue.raised_by)
    if issue.staff_contact_id:
        users.append(issue.staff_contact)
    if action == "create" and not issue.staff_contact_id:
        users += list(User.objects.filter(role="staff", is_active=True).exclude(email=""))
    users += list(User.objects.filter(partner_organisation__in=issue.assigned_partners.all(), role="partner",
                                      is_active=True))
    seen: set[int] = set()
    found = []
    for user in users:
        if user is None or not user.is_active or user.pk == getattr(actor, "pk", None) or user.pk in seen:
            continue
        seen.add(user.pk)
        found.append(user)
    return found


def issue_recipients(*, issue: DevelopmentIssue, action: str, actor: Actor) -> list[str]:
    """The e-mail addresses of those involved (issue_recipient_users), each once."""
    seen, emails = set(), []
    for user in issue_recipient_users(issue=issue, action=action, actor=actor):
        if user.email and user.email.lower() not in seen:
            seen.add(user.email.lower())
            emails.append(user.email)
    return emails


_SUBJECTS = {
    "create": gettext_lazy("มีประเด็นปัญหาใหม่"),
    IssueAction.ASSIGN: gettext_lazy("มอบหมายประเด็นปัญหาให้ภาคีเครือข่าย"),
    IssueAction.ACCEPT: gettext_lazy("ภาคีรับดำเนินการประเด็นปัญหา"),
    IssueAction.DECLINE: gettext_lazy("ภาคีปฏิเสธประเด็นปัญหา"),
    IssueAction.RESOLVE: gettext_lazy("ประเด็นปัญหาได้รับการแก้ไขแล้ว"),
    IssueAction.CLOSE: gettext_lazy("ปิดประเด็นปัญหา"),
}


def _notify(*, issue: DevelopmentIssue, change: IssueStatusChange, actor: Actor, action: str, from_status: str,
            note: str) -> None:
    recipients = issue_recipient_users(issue=issue, action=action, actor=actor)
    if not recipients:
        return
    subject = f"[Creative OTOP] #{issue.pk} {_SUBJECTS[action]}: {issue.title}"[:200]
    status_from = IssueStatus(from_status).label if from_status else "-"
    lines = [
        _("ประเด็นปัญหา: %(title)s") % {"title": issue.title},
        _("สถานะ: %(from)s → %(to)s") % {"from": status_from, "to": issue.get_status_display()},
        _("โดย: %(who)s เมื่อ %(when)s") % {"who": actor, "when": timezone.localtime().strftime("%d/%m/%Y %H:%M")},
    ]
    if action == IssueAction.ASSIGN:
        lines.append(_("ภาคีที่ได้รับมอบหมาย: %(names)s") % {
            "names": ", ".join(p.name_th for p in issue.assigned_partners.all())})
    if note:
        lines.append(_("หมายเหตุ: %(note)s") % {"note": note})
    lines.append(settings.SITE_URL.rstrip("/") + issue.get_absolute_url())
    body = "\n".join(lines)
    # Through core.notifications: the bell, and the e-mail (one per recipient, nobody sees the others'
    # addresses; sent after commit by the outbox) and LINE as each recipient chose. The key is the logged
    # change, so a step is never told twice.
    notify(actor=actor, recipients=recipients, event=NotificationEvent.ISSUE_CHANGED, object=issue,
           title=f"#{issue.pk} {_SUBJECTS[action]}: {issue.title}", body="\n".join(lines[1:2] + lines[3:-1]),
           key=f"issue-change:{change.pk}", email_subject=subject, email_body=body)


@transaction.atomic
def issue_comment(*, actor: Actor, issue: DevelopmentIssue, body: str,
                  kind: str = CommentKind.COMMENT, is_demo: bool = False) -> IssueComment:
    """Whoever sees the issue (staff, the raiser and their group, the assigned partners)
    may comment until it is closed; progress notes only by an assigned partner or staff
    while the work is in progress. The text is stored as typed and escaped when shown."""
    if not DevelopmentIssue.objects.visible_to(actor).filter(pk=issue.pk).exists():
        raise PermissionDenied(_("คุณไม่มีสิทธิ์แสดงความเห็นในประเด็นปัญหานี้"))
    if issue.status == IssueStatus.CLOSED:
        raise ValidationError({"body": _("ประเด็นนี้ปิดแล้ว ไม่สามารถแสดงความเห็นเพิ่มได้")})
    if kind == CommentKind.PROGRESS:
        if not actor_may(actor, issue, "partner_or_staff"):
            raise PermissionDenied(str(_WHO_MESSAGES["partner_or_staff"]))
        if issue.status != IssueStatus.IN_PROGRESS:
            raise ValidationError({"kind": _("บันทึกความคืบหน้าได้เมื่อประเด็นอยู่ระหว่างดำเนินการเท่านั้น")})
    comment = IssueComment(issue=issue, author=_user(actor), body=(body or "").strip(), kind=kind, is_demo=is_demo)
    if not comment.body:
        raise ValidationError({"body": _("กรุณาพิมพ์ข้อความ")})
    comment.full_clean()
    comment.save()
    involved = [*issue_recipient_users(issue=issue, action="comment", actor=actor), *(
        [issue.raised_by] if issue.raised_by_id else [])]
    notify(actor=actor, recipients=involved, event=NotificationEvent.ISSUE_COMMENTED, object=issue,
           title=_("ความเห็นใหม่ใน #%(pk)s %(title)s") % {"pk": issue.pk, "title": issue.title},
           body=f"{actor}: {comment.body[:300]}", key=f"issue-comment:{comment.pk}", is_demo=is_demo)
    return comment


@transaction.atomic
def issue_attach(*, actor: Actor, issue: DevelopmentIssue, file: Any, caption: str = "") -> IssueAttachment:
    """Whoever sees an open (not closed) issue may attach an image or a PDF; it is served
    only to those who see the issue (core.files)."""
    if not DevelopmentIssue.objects.visible_to(actor).filter(pk=issue.pk).exists():
        raise PermissionDenied(_("คุณไม่มีสิทธิ์แนบไฟล์ในประเด็นปัญหานี้"))
    if issue.status == IssueStatus.CLOSED:
        raise ValidationError({"file": _("ประเด็นนี้ปิดแล้ว ไม่สามารถแนบไฟล์เพิ่มได้")})
    attachment = IssueAttachment(issue=issue, file=file, caption=caption, uploaded_by=_user(actor))
    attachment.full_clean()
    attachment.save()
    return attachment


def _delete_files_on_commit(files: list[Any]) -> None:
    """Remove stored files once the rows that pointed at them are really gone."""
    delete_after_commit(*files)


@transaction.atomic
def attachment_update(*, actor: Actor, attachment: IssueAttachment, **fields: Any) -> IssueAttachment:
    """Staff correct an attachment's caption or replace its file (the old file is removed)."""
    _require_staff(actor)
    unknown = set(fields) - {"caption", "file"}
    if unknown:
        raise ValidationError(_("แก้ไขได้เฉพาะไฟล์และคำอธิบาย"))
    old_file = attachment.file if "file" in fields and fields["file"] != attachment.file else None
    for name, value in fields.items():
        setattr(attachment, name, value)
    attachment.full_clean()
    attachment.save()
    if old_file:
        _delete_files_on_commit([old_file])
    return attachment


@transaction.atomic
def attachment_delete(*, actor: Actor, attachment: IssueAttachment) -> None:
    """Staff remove an attachment; its file is deleted from storage."""
    _require_staff(actor)
    files = [attachment.file]
    attachment.delete()
    _delete_files_on_commit(files)


@transaction.atomic
def issue_delete(*, actor: Actor, issue: DevelopmentIssue) -> None:
    """Staff delete an issue with its thread, status log and attachments (their files too);
    support records that answered it stay, without the link."""
    _require_staff(actor)
    files = [a.file for a in issue.attachments.all()]
    issue.delete()
    _delete_files_on_commit(files)


# --- Support ---------------------------------------------------------------------------------


def _check_support(*, actor: Actor, support: Support) -> None:
    errors = {}
    if support.project is not None and support.group is not None and support.project.group_id != support.group_id:
        errors["project"] = _("โครงการนี้ไม่ใช่ของกลุ่มที่เลือก")
    if (support.project is not None and not permissions.is_staff_user(actor)
            and not DevelopmentIssue.objects.visible_to(actor).filter(project=support.project).exists()):
        errors["project"] = _("บันทึกได้เฉพาะโครงการที่เกี่ยวกับประเด็นปัญหาที่หน่วยงานของท่านได้รับมอบหมาย")
    if support.community is not None and not permissions.is_staff_user(actor):
        if not tourism_selectors.communities_visible_to(user=actor).filter(pk=support.community.pk).exists():
            errors["community"] = _("ไม่พบชุมชนท่องเที่ยวที่เลือก")
    if support.issue_id and not DevelopmentIssue.objects.visible_to(actor).filter(pk=support.issue_id).exists():
        errors["issue"] = _("ไม่พบประเด็นปัญหาที่เลือก")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def support_record(*, actor: Actor, partner: PartnerOrganisation | None = None, kind: str, title: str,
                   date: dt.date, value: Decimal | int = 0, group: Any = None, project: Any = None,
                   community: Any = None, issue: DevelopmentIssue | None = None, description: str = "",
                   outcome: str = "", is_demo: bool = False) -> Support:
    """Staff record support for any partner; a partner user only for their own organisation.
    The value (THB) is never negative; a recipient (group, project or community) is required."""
    if permissions.is_staff_user(actor):
        if partner is None:
            raise ValidationError({"partner": _("กรุณาเลือกภาคีเครือข่าย")})
    elif permissions.is_partner(actor):
        if partner is not None and partner.pk != actor.partner_organisation_id:
            raise PermissionDenied(_("บันทึกการสนับสนุนได้เฉพาะของหน่วยงานของท่าน"))
        partner = actor.partner_organisation
    else:
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่และภาคีเครือข่ายเท่านั้นที่บันทึกการสนับสนุนได้"))
    if group is None and project is not None:
        group = project.group
    support = Support(partner=partner, kind=kind, title=title, date=date, value=value, group=group,
                      project=project, community=community, issue=issue, description=description,
                      outcome=outcome, recorded_by=_user(actor), is_demo=is_demo)
    _check_support(actor=actor, support=support)
    support.full_clean()
    support.save()
    return support


@transaction.atomic
def support_update(*, actor: Actor, support: Support, **fields: Any) -> Support:
    """Staff, or the supporting partner's users, correct a support record (not its partner)."""
    if not Support.objects.editable_by(actor).filter(pk=support.pk).exists():
        raise PermissionDenied(_("คุณไม่มีสิทธิ์แก้ไขรายการนี้"))
    if "partner" in fields and not permissions.is_staff_user(actor):
        fields.pop("partner")
    for name, value in fields.items():
        setattr(support, name, value)
    _check_support(actor=actor, support=support)
    support.full_clean()
    support.save()
    return support


@transaction.atomic
def support_delete(*, actor: Actor, support: Support) -> None:
    """Staff delete a support record (partners correct theirs, they do not delete them)."""
    _require_staff(actor)
    support.delete()


# --- Campaigns and posts -------------------------------------------------------------------


def _require_staff(actor: Actor) -> None:
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้น"))


_CAMPAIGN_M2M = ("featured_products", "featured_programs", "featured_wisdom", "featured_events")


@transaction.atomic
def campaign_save(*, actor: Actor, campaign: Campaign | None = None, is_demo: bool = False,
                  **fields: Any) -> Campaign:
    """Staff create or edit a campaign (name, goal, period, audience, channels, budget, featured items).
    A new campaign's slug is romanised from its name unless one is given; it never changes after."""
    _require_staff(actor)
    m2m = {name: fields.pop(name) for name in _CAMPAIGN_M2M if name in fields}
    slug = fields.pop("slug", "") or ""
    if campaign is None:
        campaign = Campaign(is_demo=is_demo)
        fields["owner"] = fields.get("owner") or _user(actor)
    for name, value in fields.items():
        setattr(campaign, name, value)
    if not campaign.slug:
        campaign.slug = slug or unique_slug(Campaign, campaign.name)
    campaign.full_clean()
    campaign.save()
    for name, values in m2m.items():
        getattr(campaign, name).set(values)
    return campaign


@transaction.atomic
def campaign_delete(*, actor: Actor, campaign: Campaign) -> None:
    """Staff delete a campaign with its posts, tracked links and their click counts."""
    _require_staff(actor)
    campaign.delete()


@transaction.atomic
def post_save(*, actor: Actor, campaign: Campaign | None = None, post: CampaignPost | None = None,
              is_demo: bool = False, **fields: Any) -> CampaignPost:
    """Staff add a post (with `campaign`) or correct one (`post`, only the given fields)."""
    _require_staff(actor)
    if post is None:
        if campaign is None:
            raise ValidationError({"campaign": _("กรุณาเลือกแคมเปญ")})
        post = CampaignPost(campaign=campaign, is_demo=is_demo)
    elif campaign is not None:
        post.campaign = campaign
    for name, value in fields.items():
        setattr(post, name, value)
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def post_delete(*, actor: Actor, post: CampaignPost) -> None:
    _require_staff(actor)
    post.delete()


CSV_COLUMNS = ["channel", "url", "date", "reach", "impressions", "engagement", "clicks", "video_views"]
_METRICS = ["reach", "impressions", "engagement", "clicks", "video_views"]
MAX_CSV_ROWS = 5000


def _parse_channel(value: str) -> str:
    value = (value or "").strip()
    for code, label in Channel.choices:
        if value.lower() in (code, str(label).lower()):
            return code
    raise ValueError(_("ช่องทาง “%(v)s” ไม่ถูกต้อง") % {"v": value})


def _parse_date(value: str) -> dt.date:
    value = (value or "").strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        day, month, year = (int(p) for p in value.split("/"))
        if year > 2400:  # Buddhist Era
            year -= 543
        return dt.date(year, month, day)
    except (ValueError, TypeError):
        raise ValueError(_("วันที่ “%(v)s” ไม่ถูกต้อง (ใช้ 2026-11-24 หรือ 24/11/2569)") % {"v": value}) from None


@transaction.atomic
def posts_import_csv(*, actor: Actor, campaign: Campaign, data: bytes | str) -> int:
    """Import posts with metrics from a CSV (columns: channel, url, date, reach, impressions,
    engagement, clicks, video_views). Every row is validated first; if any row is wrong,
    nothing is saved and the errors are reported per row ("แถวที่ 3: ...")."""
    _require_staff(actor)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("ไฟล์ต้องเป็น CSV แบบ UTF-8")) from None
    reader = csv.DictReader(io.StringIO(data))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("channel", "url", "date") if c not in header]
    if missing:
        raise ValidationError(_("ไฟล์ CSV ขาดคอลัมน์: %(cols)s (ต้องมี %(all)s)") % {
            "cols": ", ".join(missing), "all": ", ".join(CSV_COLUMNS)})
    reader.fieldnames = header
    errors: list[str] = []
    posts: list[CampaignPost] = []
    seen: set[str] = set()
    existing = set(CampaignPost.objects.filter(campaign=campaign).values_list("url", flat=True))
    for lineno, row in enumerate(reader, start=2):
        if lineno - 1 > MAX_CSV_ROWS:
            errors.append(_("ไฟล์มีเกิน %(n)s แถว") % {"n": MAX_CSV_ROWS})
            break
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        row_errors = []
        fields: dict[str, Any] = {}
        try:
            fields["channel"] = _parse_channel(row.get("channel") or "")
        except ValueError as exc:
            row_errors.append(str(exc))
        try:
            fields["posted_on"] = _parse_date(row.get("date") or "")
        except ValueError as exc:
            row_errors.append(str(exc))
        fields["url"] = (row.get("url") or "").strip()
        try:
            URLValidator(schemes=["http", "https"])(fields["url"])
            if len(fields["url"]) > 500:
                raise ValidationError("too long")
        except ValidationError:
            row_errors.append(_("url “%(v)s” ไม่ใช่ลิงก์ http(s) ที่ถูกต้อง") % {"v": fields["url"][:80]})
        for name in _METRICS:
            raw = (row.get(name) or "").strip().replace(",", "")
            try:
                number = int(raw) if raw else 0
                if number < 0:
                    raise ValueError
                fields[name] = number
            except ValueError:
                row_errors.append(_("%(col)s ต้องเป็นจำนวนเต็มไม่ติดลบ (ได้ “%(v)s”)") % {"col": name, "v": raw})
        if not row_errors:
            post = CampaignPost(campaign=campaign, **fields)
            try:
                post.full_clean(exclude=["campaign", "url"], validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                for field, msgs in exc.message_dict.items():
                    row_errors += [f"{field}: {m}" for m in msgs]
            if fields["url"] in existing or fields["url"] in seen:
                row_errors.append(_("ลิงก์โพสต์ซ้ำกับที่มีอยู่แล้ว"))
            seen.add(fields["url"])
            posts.append(post)
        if row_errors:
            errors.append(_("แถวที่ %(n)s: %(msg)s") % {"n": lineno, "msg": "; ".join(row_errors)})
    if errors:
        raise ValidationError(errors)
    if not posts:
        raise ValidationError(_("ไม่พบแถวข้อมูลในไฟล์"))
    CampaignPost.objects.bulk_create(posts)
    return len(posts)


# --- Tracked links and clicks --------------------------------------------------------------


_CODE_ALPHABET = string.ascii_lowercase + string.digits


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(7))
        if not TrackedLink.objects.filter(code=code).exists():
            return code


def check_target(target: str) -> str:
    target = (target or "").strip()
    if not redirects.is_allowed_target(target, redirects.allowed_hosts_now()):
        raise ValidationError({"target": _(
            "ปลายทางต้องเป็นหน้าในพอร์ทัลนี้ (ขึ้นต้นด้วย /) หรือ URL https ของโดเมนที่อนุญาตเท่านั้น")})
    return target


@transaction.atomic
def link_create(*, actor: Actor, campaign: Campaign, channel: str, target: str, label: str = "",
                code: str = "", human_code: str = "", is_demo: bool = False) -> TrackedLink:
    """Staff create a short link /go/<code>; its target must be a portal path or an allowed host.
    `human_code` (optional, e.g. AT-FAIR-24) is stored upper-case, unique among links."""
    _require_staff(actor)
    target = check_target(target)
    link = TrackedLink(campaign=campaign, channel=channel, target=target, label=label,
                       code=(code or "").strip().lower() or _new_code(), created_by=_user(actor),
                       human_code=normalise_human_code(human_code), is_demo=is_demo)
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def link_update(*, actor: Actor, link: TrackedLink, **fields: Any) -> TrackedLink:
    _require_staff(actor)
    if "target" in fields:
        fields["target"] = check_target(fields["target"])
    if "human_code" in fields:
        fields["human_code"] = normalise_human_code(fields["human_code"])
    return save_changes(link, fields)


@transaction.atomic
def link_delete(*, actor: Actor, link: TrackedLink) -> None:
    """Staff delete a tracked link with its click counts; /go/<code> then leads nowhere (404)."""
    _require_staff(actor)
    link.delete()


def _host(host: str) -> str:
    host = redirects.normalise_host(host)
    if not redirects.valid_host_name(host):
        raise ValidationError({"host": _("โดเมนไม่ถูกต้อง (เช่น shopee.co.th)")})
    return host


@transaction.atomic
def allowed_host_add(*, actor: Actor, host: str, note: str = "") -> AllowedRedirectHost:
    """Staff allow an external host (and its subdomains) as a tracked link's target."""
    _require_staff(actor)
    obj = AllowedRedirectHost(host=_host(host), note=note)
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def allowed_host_update(*, actor: Actor, host_entry: AllowedRedirectHost, **fields: Any) -> AllowedRedirectHost:
    _require_staff(actor)
    if "host" in fields:
        fields["host"] = _host(fields["host"])
    return save_changes(host_entry, fields)


@transaction.atomic
def allowed_host_delete(*, actor: Actor, host_entry: AllowedRedirectHost) -> None:
    """Staff withdraw a host: links to it stop redirecting there at once (checked on every click)."""
    _require_staff(actor)
    host_entry.delete()


# The table name is a constant of this module (LinkClickDay's db_table), never user input.
_UPSERT_SQL = (
    "INSERT INTO campaigns_linkclickday (link_id, day, count) VALUES (%s, %s, 1) "
    "ON CONFLICT (link_id, day) DO UPDATE SET count = campaigns_linkclickday.count + 1"
)
assert LinkClickDay._meta.db_table == "campaigns_linkclickday"


def click_record(*, actor: Actor, link: TrackedLink, day: dt.date | None = None) -> None:
    """Count one click on `link` for today with one atomic upsert (no lost counts under
    concurrent requests). `actor` is the visitor (anonymous most often); nothing about them
    is stored."""
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT_SQL, [link.pk, day or timezone.localdate()])


@transaction.atomic
def click_days_set(*, actor: Actor, link: TrackedLink, counts: dict[dt.date, int]) -> None:
    """Staff (or SYSTEM: the demo loader) set a link's daily click counts to exactly `counts`
    (other days are removed): for loading recorded figures, never for counting visits."""
    _require_staff(actor)
    if any(n < 0 for n in counts.values()):
        raise ValidationError({"count": _("จำนวนคลิกต้องไม่ติดลบ")})
    LinkClickDay.objects.filter(link=link).exclude(day__in=list(counts)).delete()
    for day, n in counts.items():
        LinkClickDay.objects.update_or_create(link=link, day=day, defaults={"count": n})


@transaction.atomic
def click_day_delete(*, actor: Actor, click_day: LinkClickDay) -> None:
    """Staff remove one day's count of a link (e.g. clicks of a test before the campaign)."""
    _require_staff(actor)
    click_day.delete()


# --- Attribution (the rule itself is campaigns.selectors.attribution_for) ---------------------------

_SESSION_UPSERT_SQL = (
    "INSERT INTO campaigns_linksessionday (link_id, day, count) VALUES (%s, %s, 1) "
    "ON CONFLICT (link_id, day) DO UPDATE SET count = campaigns_linksessionday.count + 1"
)
assert LinkSessionDay._meta.db_table == "campaigns_linksessionday"


def session_record(*, actor: Actor, link: TrackedLink, day: dt.date | None = None) -> None:
    """Count one visit started by `link` today (the /go/ that set its attribution cookie) with one
    atomic upsert. Nothing about the visitor is stored."""
    with connection.cursor() as cursor:
        cursor.execute(_SESSION_UPSERT_SQL, [link.pk, day or timezone.localdate()])


@transaction.atomic
def session_days_set(*, actor: Actor, link: TrackedLink, counts: dict[dt.date, int]) -> None:
    """Staff (or SYSTEM: the demo loader) set a link's daily visit counts to exactly `counts`: for
    loading recorded figures, never for counting visits."""
    _require_staff(actor)
    if any(n < 0 for n in counts.values()):
        raise ValidationError({"count": _("จำนวนการเข้าชมต้องไม่ติดลบ")})
    LinkSessionDay.objects.filter(link=link).exclude(day__in=list(counts)).delete()
    for day, n in counts.items():
        LinkSessionDay.objects.update_or_create(link=link, day=day, defaults={"count": n})


@transaction.atomic
def booking_attribute(*, actor: Actor, booking: Any, attribution: Attribution, is_demo: bool = False) -> Conversion:
    """Credit `booking` (a tourism Booking) to the link `attribution` names (one link per booking: the
    database's one-to-one key). Called inside the booking's own transaction."""
    conversion = Conversion(link=attribution.link, kind=ConversionKind.BOOKING, via=attribution.via,
                            touched_at=attribution.touched_at, booking=booking, is_demo=is_demo,
                            created_at=getattr(booking, "created_at", None) or timezone.now())
    conversion.full_clean()
    conversion.save()
    return conversion


@transaction.atomic
def contact_record(*, actor: Actor, product: Any, contact: str, attribution: Attribution,
                   is_demo: bool = False) -> Conversion:
    """Credit a click on a product's "where to buy / order" contact to the visitor's link."""
    if contact not in OrderContact.values:
        raise ValidationError({"contact": _("ช่องทางติดต่อไม่ถูกต้อง")})
    conversion = Conversion(link=attribution.link, kind=ConversionKind.CONTACT, via=attribution.via,
                            touched_at=attribution.touched_at, product=product, contact=contact, is_demo=is_demo)
    conversion.full_clean()
    conversion.save()
    return conversion


@transaction.atomic
def sale_record(*, actor: Actor, code: str, group: Any, sold_on: dt.date | None, amount: Decimal | None,
                product: Any = None, note: str = "", is_demo: bool = False) -> AttributedSale:
    """A producer (of `group`) or staff credits a sale to a link's human code (a customer who showed the
    fair-booth card or product label). The code must be known and its campaign running on the sale's
    day (campaigns.selectors.attribution_for); the product, if given, must be the group's.

    When the group has split the product sales of the sale's month by product (evaluation's ProductSale),
    the sale of a product is part of that product's line and is linked to it (``product_sale``); the sales
    linked to one line may not add up to more than its amount (the line is locked while checking, so two
    concurrent sales cannot both pass)."""
    if not permissions.is_staff_user(actor) and not permissions.can_edit_group(actor, group.pk):
        raise PermissionDenied(_("บันทึกยอดขายได้เฉพาะกลุ่มของคุณ"))
    errors: dict[str, list[str]] = {}
    if sold_on is None:
        errors["sold_on"] = [_("กรุณาระบุวันที่ขาย")]
    elif sold_on > timezone.localdate():
        errors["sold_on"] = [_("วันที่ขายต้องไม่เป็นวันในอนาคต")]
    if amount is None or amount <= 0:
        errors["amount"] = [_("ยอดขายต้องมากกว่า 0 บาท")]
    if product is not None and product.group_id != group.pk:
        errors["product"] = [_("ผลิตภัณฑ์นี้ไม่ใช่ของกลุ่มที่เลือก")]
    attribution = None
    if not normalise_human_code(code):
        errors["code"] = [_("กรุณากรอกรหัสจากการ์ดหรือฉลาก เช่น AT-FAIR-24")]
    elif sold_on is not None:
        at = timezone.make_aware(dt.datetime.combine(sold_on, dt.time(12)))
        try:
            attribution = attribution_for(touch=None, code=code, at=at)
        except ValidationError as exc:
            errors["code"] = exc.message_dict.get("source_code", exc.messages)
    if errors:
        raise ValidationError(errors)
    assert attribution is not None and sold_on is not None and amount is not None
    product_sale = None
    if product is not None:
        product_sale = evaluation_selectors.product_sale_for(group_id=group.pk, product_id=product.pk,
                                                             month=sold_on, for_update=True)
    if product_sale is not None:
        _check_within_product_sale(product_sale, amount, sold_on)
    sale = AttributedSale(link=attribution.link, group=group, product=product, product_sale=product_sale,
                          sold_on=sold_on, amount=amount, note=(note or "").strip(), recorded_by=_user(actor),
                          is_demo=is_demo)
    sale.full_clean()
    sale.save()
    return sale


def _check_within_product_sale(product_sale: Any, amount: Decimal, sold_on: dt.date) -> None:
    """The attributed sales that are part of a month's product sale line may not exceed its amount."""
    linked = AttributedSale.objects.filter(product_sale=product_sale).aggregate(total=Sum("amount"))["total"]
    linked = linked or Decimal("0")
    if linked + amount <= product_sale.amount:
        return
    left = max(product_sale.amount - linked, Decimal("0"))
    values = {"month": format_month(sold_on), "limit": f"฿{product_sale.amount:,.2f}", "amount": f"฿{amount:,.2f}",
              "linked": f"฿{linked:,.2f}", "left": f"฿{left:,.2f}"}
    if linked:
        message = _("ยอดขายรายผลิตภัณฑ์ของเดือน%(month)s ที่กลุ่มบันทึกไว้คือ %(limit)s และมียอดขายจากรหัสแคมเปญ"
                    "ผูกไว้แล้ว %(linked)s จึงบันทึกเพิ่มได้อีกไม่เกิน %(left)s") % values
    else:
        message = _("ยอดขาย %(amount)s เกินยอดขายรายผลิตภัณฑ์ของเดือน%(month)s ที่กลุ่มบันทึกไว้ (%(limit)s)") % values
    raise ValidationError({"amount": [message]})


@transaction.atomic
def sale_delete(*, actor: Actor, sale: AttributedSale) -> None:
    """The recording producer's group or staff remove a sale credited by mistake."""
    if not AttributedSale.objects.editable_by(actor).filter(pk=sale.pk).exists():
        raise PermissionDenied(_("ลบได้เฉพาะยอดขายของกลุ่มของคุณ"))
    sale.delete()
