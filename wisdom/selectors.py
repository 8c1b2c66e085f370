"""Reads of the wisdom registry. `consent_blockers` is part of the cross-app contract."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext as _

from core import permissions

from .choices import ConsentStatus, Status


def _has_video(user):
    from .models import WisdomVideo

    return Exists(WisdomVideo.objects.visible_to(user).filter(record_id=OuterRef("pk")))


def record_queryset(*, user) -> QuerySet:
    """Records the user may see, with what every list shows (area, group, has_video,
    the first visible photo) loaded in a fixed number of queries."""
    from .models import WisdomPhoto, WisdomRecord

    return (WisdomRecord.objects.visible_to(user)
            .select_related("subdistrict__district", "owner_group")
            .annotate(has_video=_has_video(user))
            .prefetch_related(Prefetch("photos", queryset=WisdomPhoto.objects.visible_to(user),
                                       to_attr="visible_photos")))


def record_public_list(*, user) -> QuerySet:
    """The public registry: published records the user may see."""
    return record_queryset(user=user).filter(status=Status.PUBLISHED).order_by("-published_at", "title_th")


def record_mine(*, user) -> QuerySet:
    """The user's own records (compiled by them or their groups), every status."""
    from .models import WisdomRecord

    return record_queryset(user=user).filter(pk__in=WisdomRecord.objects.mine(user).values("pk")) \
        .order_by("-updated_at")


def record_detail_queryset(*, user) -> QuerySet:
    """Everything the detail page (and API detail) shows, each relation filtered by what the
    user may see: holders (consented ones for outsiders), media by their own access level,
    related products (published only)."""
    from products.models import Product

    from .models import KnowledgeHolder, ProcessStep, StatusTransition, WisdomDocument, WisdomVideo

    return record_queryset(user=user).prefetch_related(
        Prefetch("steps", queryset=ProcessStep.objects.order_by("position")),
        Prefetch("holders", queryset=KnowledgeHolder.objects.visible_to(user), to_attr="visible_holders"),
        Prefetch("videos", queryset=WisdomVideo.objects.visible_to(user), to_attr="visible_videos"),
        Prefetch("documents", queryset=WisdomDocument.objects.visible_to(user), to_attr="visible_documents"),
        Prefetch("products", queryset=Product.objects.published().select_related("group").order_by("name_th"),
                 to_attr="published_products"),
        Prefetch("transitions", queryset=StatusTransition.objects.visible_to(user).select_related("actor"),
                 to_attr="visible_transitions"),
    )


def can_see_internal(user, record) -> bool:
    """Staff and the record's own community see the internal parts (assessment, workflow log)."""
    if permissions.is_staff_user(user):
        return True
    return bool(user and user.is_authenticated and (
        record.created_by_id == user.pk or record.owner_group_id in permissions.producer_group_ids(user)))


def consent_blockers(records) -> dict[int, str]:
    """For wisdom records that something (a product, a program) builds on:
    {record_id: Thai reason} for each record whose holders' consent is pending
    or withdrawn (or that has no consented holder). Such things must not be
    published. An empty dict means publication may go ahead."""
    from .models import KnowledgeHolder

    ids = [r.pk for r in records]
    if not ids:
        return {}
    blockers: dict[int, str] = {}
    titles = {r.pk: r.title_th for r in records}
    statuses: dict[int, set[str]] = {pk: set() for pk in ids}
    for record_id, status in KnowledgeHolder.objects.filter(record_id__in=ids).values_list(
            "record_id", "consent_status"):
        statuses[record_id].add(status)
    for pk in ids:
        found = statuses[pk]
        if ConsentStatus.WITHDRAWN in found:
            blockers[pk] = _("ปราชญ์ชาวบ้านของภูมิปัญญา “%(t)s” ถอนความยินยอมแล้ว") % {"t": titles[pk]}
        elif ConsentStatus.PENDING in found or not found:
            blockers[pk] = _("ภูมิปัญญา “%(t)s” ยังไม่ได้รับความยินยอมจากปราชญ์ชาวบ้าน") % {"t": titles[pk]}
    return blockers
