"""Writes for knowledge items (articles, how-tos, case studies, video lessons) and their review.

Rules: a new item starts as a draft (only staff may create it already published); tags are
normalised; the author (or staff) sends a draft for review; only staff publish, and only an item in
review whose linked wisdom records have their knowledge holders' consent; staff send items back to
draft; an item is changed and deleted by its author while a draft, or by staff (files removed after
commit); attachments are added, changed and removed with the item's rights (files removed after commit).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.actors import as_user
from core.files import delete_after_commit
from core.permissions import Actor
from core.services import unique_slug

from ..choices import KnowledgeStatus
from ..models import KnowledgeAttachment, KnowledgeItem

Links = Iterable[Any] | None


def _delete_files_after_commit(files: list[Any]) -> None:
    delete_after_commit(*files)


def _require_editable(actor: Actor, item: KnowledgeItem) -> None:
    if not KnowledgeItem.objects.editable_by(actor).filter(pk=item.pk).exists():
        raise PermissionDenied(_("แก้ไขได้เฉพาะร่างของคุณเองหรือโดยเจ้าหน้าที่"))


def _set_links(item: KnowledgeItem, *, wisdom_records: Links = None, products: Links = None,
               experts: Links = None) -> None:
    if wisdom_records is not None:
        item.wisdom_records.set(wisdom_records)
    if products is not None:
        item.products.set(products)
    if experts is not None:
        item.experts.set(experts)


def normalise_tags(tags: str | Iterable[Any] | None) -> list[str]:
    """Tags are trimmed, lower-cased (Latin), de-duplicated, '#' removed; order kept."""
    if isinstance(tags, str):
        tags = re.split(r"[,\n]", tags)
    seen: list[str] = []
    for tag in tags or []:
        tag = str(tag).strip().lstrip("#").strip().lower()[:40]
        if tag and tag not in seen:
            seen.append(tag)
    return seen


@transaction.atomic
def knowledge_create(*, actor: Actor, title: str, kind: str, author: Any = None, wisdom_records: Links = None,
                     products: Links = None, experts: Links = None, tags: str | Iterable[Any] | None = (),
                     slug: str = "", is_demo: bool = False, **fields: Any) -> KnowledgeItem:
    """Any member shares knowledge; a new item starts as a draft (only staff may create it already
    published). The author is the actor unless staff name another one."""
    if not permissions.is_member(actor):
        raise PermissionDenied(_("กรุณาเข้าสู่ระบบก่อนแบ่งปันองค์ความรู้"))
    staff = permissions.is_staff_user(actor)
    if author is None:
        author = as_user(actor)
    elif not staff and getattr(author, "pk", None) != actor.pk:
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้นที่ระบุผู้เขียนคนอื่นได้"))
    status = fields.pop("status", KnowledgeStatus.DRAFT) or KnowledgeStatus.DRAFT
    if status == KnowledgeStatus.PUBLISHED and not staff:
        status = KnowledgeStatus.DRAFT
    item = KnowledgeItem(title=title, kind=kind, author=author, tags=normalise_tags(tags), status=status,
                         is_demo=is_demo, **fields)
    item.slug = slug or unique_slug(KnowledgeItem, title)
    if status == KnowledgeStatus.PUBLISHED:
        item.reviewed_by = item.reviewed_by or as_user(actor)
        item.published_at = item.published_at or timezone.now()
    item.full_clean()
    item.save()
    _set_links(item, wisdom_records=wisdom_records, products=products, experts=experts)
    if status == KnowledgeStatus.PUBLISHED:
        _check_publishable(item)
    return item


@transaction.atomic
def knowledge_update(*, actor: Actor, item: KnowledgeItem, wisdom_records: Links = None, products: Links = None,
                     experts: Links = None, **fields: Any) -> KnowledgeItem:
    """The author changes their draft, staff any item. The status changes only through
    submit/publish/return; the review fields only through those steps; the author only by staff."""
    _require_editable(actor, item)
    for name in ("slug", "status", "reviewed_by", "published_at"):
        fields.pop(name, None)
    if "author" in fields and not permissions.is_staff_user(actor):
        fields.pop("author")
    if "tags" in fields:
        fields["tags"] = normalise_tags(fields["tags"])
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    _set_links(item, wisdom_records=wisdom_records, products=products, experts=experts)
    return item


@transaction.atomic
def knowledge_delete(*, actor: Actor, item: KnowledgeItem) -> None:
    """Delete a knowledge item: its author while it is a draft, or staff. The attachment files
    are removed once the transaction commits."""
    if not KnowledgeItem.objects.editable_by(actor).filter(pk=item.pk).exists():
        raise PermissionDenied(_("ลบได้เฉพาะร่างของคุณเองหรือโดยเจ้าหน้าที่"))
    files = [a.file for a in item.attachments.all()]
    item.delete()
    _delete_files_after_commit(files)


@transaction.atomic
def knowledge_submit(*, actor: Actor, item: KnowledgeItem) -> KnowledgeItem:
    """Rule: the author (or staff) sends a draft for staff review (draft → in review)."""
    if not (permissions.is_staff_user(actor) or item.author_id == getattr(actor, "pk", None)):
        raise PermissionDenied(_("เฉพาะผู้เขียนหรือเจ้าหน้าที่เท่านั้นที่ส่งตรวจได้"))
    if item.status != KnowledgeStatus.DRAFT:
        raise ValidationError(_("ส่งตรวจได้เฉพาะองค์ความรู้ที่เป็นร่าง"))
    item.status = KnowledgeStatus.IN_REVIEW
    item.save(update_fields=["status", "updated_at"])
    return item


def _check_publishable(item: KnowledgeItem) -> None:
    from wisdom.choices import ConsentScope
    from wisdom.selectors import consent_blockers

    blockers = consent_blockers(list(item.wisdom_records.all()), scope=ConsentScope.EDUCATION)
    if blockers:
        raise ValidationError(list(blockers.values()))


@transaction.atomic
def knowledge_publish(*, actor: Actor, item: KnowledgeItem) -> KnowledgeItem:
    """Rule: only staff publish, and only an item in review; every knowledge holder of its linked
    wisdom records must consent to education and training (ConsentScope.EDUCATION,
    wisdom.selectors.consent_blockers)."""
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้นที่เผยแพร่องค์ความรู้ได้"))
    if item.status != KnowledgeStatus.IN_REVIEW:
        raise ValidationError(_("เผยแพร่ได้เฉพาะองค์ความรู้ที่อยู่ระหว่างรอตรวจ"))
    _check_publishable(item)
    item.status = KnowledgeStatus.PUBLISHED
    item.reviewed_by = as_user(actor)
    item.published_at = timezone.now()
    item.save(update_fields=["status", "reviewed_by", "published_at", "updated_at"])
    return item


@transaction.atomic
def knowledge_return(*, actor: Actor, item: KnowledgeItem) -> KnowledgeItem:
    """Staff send an item in review (or a published one) back to draft."""
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้น"))
    item.status = KnowledgeStatus.DRAFT
    item.reviewed_by = as_user(actor)
    item.save(update_fields=["status", "reviewed_by", "updated_at"])
    return item


# --- Attachments ---------------------------------------------------------------------------


@transaction.atomic
def knowledge_attachment_add(*, actor: Actor, item: KnowledgeItem, title: str, file: Any,
                             is_demo: bool = False) -> KnowledgeAttachment:
    """Attach a PDF or an image (checked by content) to an item the actor may change."""
    _require_editable(actor, item)
    attachment = KnowledgeAttachment(item=item, title=title, file=file, is_demo=is_demo)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def knowledge_attachment_update(*, actor: Actor, attachment: KnowledgeAttachment,
                                **fields: Any) -> KnowledgeAttachment:
    """Rename an attachment or replace its file (the old file is removed after commit)."""
    _require_editable(actor, attachment.item)
    fields.pop("item", None)
    old = attachment.file if "file" in fields and attachment.file else None
    for name, value in fields.items():
        setattr(attachment, name, value)
    attachment.full_clean()
    attachment.save()
    if old is not None and old.name != attachment.file.name:
        _delete_files_after_commit([old])
    return attachment


@transaction.atomic
def knowledge_attachment_delete(*, actor: Actor, attachment: KnowledgeAttachment) -> None:
    """Remove an attachment and, once committed, its file."""
    _require_editable(actor, attachment.item)
    file = attachment.file
    attachment.delete()
    _delete_files_after_commit([file])


@transaction.atomic
def knowledge_unpublish_for_withdrawn_consent(*, actor: Actor, record_ids: Iterable[int], holder_name: str,
                                              key: str) -> list[str]:
    """A knowledge holder withdrew consent to education and training for these wisdom records: every
    published knowledge item linked to them goes back to draft now, and its author is e-mailed.
    Restoring the consent does not republish. Returns Thai one-line descriptions of what was unpublished."""
    from core.actors import SYSTEM
    from core.outbox import email_queue

    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้น"))
    items = list(KnowledgeItem.objects.select_for_update(of=("self",)).filter(
        pk__in=KnowledgeItem.objects.filter(status=KnowledgeStatus.PUBLISHED,
                                            wisdom_records__in=list(record_ids)).values("pk"))
        .select_related("author").order_by("pk"))
    done = []
    for item in items:
        item.status = KnowledgeStatus.DRAFT
        item.save(update_fields=["status", "updated_at"])
        email = item.author.email if item.author_id and item.author and item.author.is_active else ""
        email_queue(actor=SYSTEM, key=f"{key}:knowledge:{item.pk}", to=[email],
                    subject=_("ยกเลิกการเผยแพร่องค์ความรู้: %(t)s") % {"t": item.title},
                    body=_("ปราชญ์ชาวบ้าน %(h)s ถอนความยินยอมให้ใช้ภูมิปัญญาเพื่อการศึกษาและการฝึกอบรม "
                           "ระบบจึงยกเลิกการเผยแพร่องค์ความรู้ “%(t)s” แล้ว") % {"h": holder_name, "t": item.title})
        done.append(_("องค์ความรู้: %(t)s") % {"t": item.title})
    return done


def on_consent_withdrawn(sender: Any, *, consent: Any, holder: Any, record_ids: list[int], scope: str,
                         **kwargs: Any) -> list[str]:
    """Receiver of wisdom.signals.consent_withdrawn (connected in NetworkConfig.ready)."""
    from core.actors import SYSTEM
    from wisdom.choices import ConsentScope

    from .events import event_unpublish_for_withdrawn_consent

    if scope != ConsentScope.EDUCATION:
        return []
    return knowledge_unpublish_for_withdrawn_consent(actor=SYSTEM, record_ids=record_ids, holder_name=holder.name,
                                                     key=f"wisdom-consent:{consent.pk}:withdrawn") \
        + event_unpublish_for_withdrawn_consent(actor=SYSTEM, record_ids=record_ids)
