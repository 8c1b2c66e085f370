"""Writes for knowledge items (articles, how-tos, case studies, video lessons) and their review.

Rules: a new item starts as a draft (only staff may create it already published); tags are
normalised; the author (or staff) sends a draft for review; only staff publish, and only an item in
review whose linked wisdom records have their knowledge holders' consent; staff send items back to
draft; an item is deleted by its author while a draft, or by staff (files removed after commit).
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.services import unique_slug

from ..choices import KnowledgeStatus
from ..models import KnowledgeItem


def _set_links(item: KnowledgeItem, *, wisdom_records=None, products=None, experts=None) -> None:
    if wisdom_records is not None:
        item.wisdom_records.set(wisdom_records)
    if products is not None:
        item.products.set(products)
    if experts is not None:
        item.experts.set(experts)


def normalise_tags(tags) -> list[str]:
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
def knowledge_create(*, title: str, kind: str, author=None, wisdom_records=None, products=None, experts=None,
                     tags=(), is_demo: bool = False, **fields) -> KnowledgeItem:
    """A new knowledge item starts as a draft (only staff may create it already published)."""
    status = fields.pop("status", KnowledgeStatus.DRAFT)
    if status == KnowledgeStatus.PUBLISHED and not (is_demo or permissions.is_staff_user(author)):
        status = KnowledgeStatus.DRAFT
    item = KnowledgeItem(title=title, kind=kind, author=author, tags=normalise_tags(tags), status=status,
                         is_demo=is_demo, **fields)
    item.slug = unique_slug(KnowledgeItem, title)
    if status == KnowledgeStatus.PUBLISHED:
        item.published_at = timezone.now()
    item.full_clean()
    item.save()
    _set_links(item, wisdom_records=wisdom_records, products=products, experts=experts)
    if status == KnowledgeStatus.PUBLISHED:
        _check_publishable(item)
    return item


@transaction.atomic
def knowledge_update(*, item: KnowledgeItem, wisdom_records=None, products=None, experts=None,
                     **fields) -> KnowledgeItem:
    fields.pop("slug", None)
    fields.pop("status", None)  # status changes only through submit/publish/return
    if "tags" in fields:
        fields["tags"] = normalise_tags(fields["tags"])
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    _set_links(item, wisdom_records=wisdom_records, products=products, experts=experts)
    return item


@transaction.atomic
def knowledge_delete(*, item: KnowledgeItem, by) -> None:
    """Delete a knowledge item: its author while it is a draft, or staff. The attachment files
    are removed once the transaction commits."""
    if not KnowledgeItem.objects.editable_by(by).filter(pk=item.pk).exists():
        raise PermissionDenied(_("ลบได้เฉพาะร่างของคุณเองหรือโดยเจ้าหน้าที่"))
    stored = [(a.file.storage, a.file.name) for a in item.attachments.all() if a.file]
    item.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])


@transaction.atomic
def knowledge_submit(*, item: KnowledgeItem, by) -> KnowledgeItem:
    """Rule: the author (or staff) sends a draft for staff review (draft → in review)."""
    if not (permissions.is_staff_user(by) or item.author_id == getattr(by, "pk", None)):
        raise PermissionDenied(_("เฉพาะผู้เขียนหรือเจ้าหน้าที่เท่านั้นที่ส่งตรวจได้"))
    if item.status != KnowledgeStatus.DRAFT:
        raise ValidationError(_("ส่งตรวจได้เฉพาะองค์ความรู้ที่เป็นร่าง"))
    item.status = KnowledgeStatus.IN_REVIEW
    item.save(update_fields=["status", "updated_at"])
    return item


def _check_publishable(item: KnowledgeItem) -> None:
    from wisdom.selectors import consent_blockers

    blockers = consent_blockers(list(item.wisdom_records.all()))
    if blockers:
        raise ValidationError(list(blockers.values()))


@transaction.atomic
def knowledge_publish(*, item: KnowledgeItem, by) -> KnowledgeItem:
    """Rule: only staff publish, and only an item in review; linked wisdom records must have
    their knowledge holders' consent (wisdom.selectors.consent_blockers)."""
    if not permissions.is_staff_user(by):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้นที่เผยแพร่องค์ความรู้ได้"))
    if item.status != KnowledgeStatus.IN_REVIEW:
        raise ValidationError(_("เผยแพร่ได้เฉพาะองค์ความรู้ที่อยู่ระหว่างรอตรวจ"))
    _check_publishable(item)
    item.status = KnowledgeStatus.PUBLISHED
    item.reviewed_by = by
    item.published_at = timezone.now()
    item.save(update_fields=["status", "reviewed_by", "published_at", "updated_at"])
    return item


@transaction.atomic
def knowledge_return(*, item: KnowledgeItem, by) -> KnowledgeItem:
    """Staff send an item in review (or a published one) back to draft."""
    if not permissions.is_staff_user(by):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้น"))
    item.status = KnowledgeStatus.DRAFT
    item.reviewed_by = by
    item.save(update_fields=["status", "reviewed_by", "updated_at"])
    return item
