"""Reads of the wisdom registry — and the only way other apps read it.

Other apps (products, tourism, network, campaigns, search) never import ``wisdom.models``; they use:

- ``records_visible_to(user=)``: the records a user may see (choice fields, ``Prefetch`` querysets
  of their own many-to-many links to wisdom, checks that a posted record is visible);
- ``records_of_group(group=)`` / ``records_of_groups(slugs=)``: a producer group's records (demo loaders,
  group pages), every status — filter them further with ``records_visible_to`` where a user looks;
- ``records_by_pks(pks=)``: records by id, unscoped, for services that already hold the ids;
- ``consent_blockers(records)``: whether things built on wisdom may be published.

Hooks this app asks (core.registry), which higher apps contribute to in their AppConfig.ready():

``wisdom.record_detail_prefetches`` — called as ``registry.collect("wisdom.record_detail_prefetches",
user=user)`` when the record detail page and the API detail are read. Each contribution takes the
keyword ``user`` (the viewer, possibly anonymous) and returns a ``django.db.models.Prefetch`` on
``WisdomRecord`` (or a list of them), with a ``to_attr``, restricted to what that user may see.
The products app contributes "the published products built on this record"::

    Prefetch("products", queryset=<published products>.select_related("group").order_by("name_th"),
             to_attr="published_products")

which the detail page and ``WisdomRecordDetailSerializer.products`` read as ``record.published_products``
(each with ``name_th``, ``slug``, ``group.name_th``, ``price``, ``unit``, ``get_absolute_url()``).
With no contribution registered the record simply shows no products.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext as _

from core import permissions, registry

from .choices import ConsentStatus, Status
from .models import (
    KnowledgeHolder,
    ProcessStep,
    StatusTransition,
    WisdomDocument,
    WisdomPhoto,
    WisdomRecord,
    WisdomVideo,
)

RECORD_DETAIL_PREFETCHES = "wisdom.record_detail_prefetches"


def _has_video(user: Any) -> Exists:
    return Exists(WisdomVideo.objects.visible_to(user).filter(record_id=OuterRef("pk")))


def record_queryset(*, user: Any) -> QuerySet[WisdomRecord]:
    """Records the user may see, with what every list shows (area, group, has_video,
    the first visible photo) loaded in a fixed number of queries."""
    return (WisdomRecord.objects.visible_to(user)
            .select_related("subdistrict__district", "owner_group")
            .annotate(has_video=_has_video(user))
            .prefetch_related(Prefetch("photos", queryset=WisdomPhoto.objects.visible_to(user),
                                       to_attr="visible_photos")))


def record_list_with_steps(*, user: Any) -> QuerySet[WisdomRecord]:
    """The API list: record_queryset with the process steps in order."""
    return record_queryset(user=user).prefetch_related(
        Prefetch("steps", queryset=ProcessStep.objects.order_by("position")))


def record_public_list(*, user: Any) -> QuerySet[WisdomRecord]:
    """The public registry: published records the user may see."""
    return record_queryset(user=user).filter(status=Status.PUBLISHED).order_by("-published_at", "title_th")


def record_mine(*, user: Any) -> QuerySet[WisdomRecord]:
    """The user's own records (compiled by them or their groups), every status."""
    return record_queryset(user=user).filter(pk__in=WisdomRecord.objects.mine(user).values("pk")) \
        .order_by("-updated_at")


def _contributed_prefetches(*, user: Any) -> list[Prefetch]:
    prefetches: list[Prefetch] = []
    for value in registry.collect(RECORD_DETAIL_PREFETCHES, user=user):
        prefetches.extend(value if isinstance(value, list | tuple) else [value])
    return prefetches


def record_detail_queryset(*, user: Any) -> QuerySet[WisdomRecord]:
    """Everything the detail page (and API detail) shows, each relation filtered by what the
    user may see: holders (consented ones for outsiders), media by their own access level,
    the workflow log, and what higher apps contribute (``wisdom.record_detail_prefetches``:
    the published products built on the record)."""
    return record_queryset(user=user).prefetch_related(
        Prefetch("steps", queryset=ProcessStep.objects.order_by("position")),
        Prefetch("holders", queryset=KnowledgeHolder.objects.visible_to(user), to_attr="visible_holders"),
        Prefetch("videos", queryset=WisdomVideo.objects.visible_to(user), to_attr="visible_videos"),
        Prefetch("documents", queryset=WisdomDocument.objects.visible_to(user), to_attr="visible_documents"),
        Prefetch("transitions", queryset=StatusTransition.objects.visible_to(user).select_related("actor"),
                 to_attr="visible_transitions"),
        *_contributed_prefetches(user=user),
    )


def record_editable(*, user: Any, slug: str) -> WisdomRecord:
    """One record for a change: 404 when the user may not see it, 403 when they may see but not change it."""
    return permissions.get_editable_or_denied(WisdomRecord, user, slug=slug)


def record_visible(*, user: Any, slug: str) -> WisdomRecord:
    """One record the user may see, else 404."""
    return permissions.get_visible_or_404(WisdomRecord, user, slug=slug)


def sitemap_records() -> QuerySet[WisdomRecord]:
    """What the sitemap lists: records an anonymous visitor may see (published, public)."""
    return WisdomRecord.objects.visible_to(permissions.ANONYMOUS).published().order_by("pk")


def can_see_internal(user: Any, record: WisdomRecord) -> bool:
    """Staff and the record's own community see the internal parts (assessment, workflow log)."""
    if permissions.is_staff_user(user):
        return True
    return bool(user and user.is_authenticated and (
        record.created_by_id == user.pk or record.owner_group_id in permissions.producer_group_ids(user)))


# --- Used by other apps -------------------------------------------------------------------


def records_visible_to(*, user: Any) -> QuerySet[WisdomRecord]:
    """The records `user` may see (the access protocol), by Thai title: for choice fields and
    for ``Prefetch`` querysets of another app's links to wisdom. ``user=core.actors.SYSTEM``
    gives every record (demo loaders, tasks)."""
    return WisdomRecord.objects.visible_to(user).order_by("title_th")


def records_of_group(*, group: Any) -> QuerySet[WisdomRecord]:
    """The records owned by producer group `group` (every status; not scoped to a viewer)."""
    return WisdomRecord.objects.filter(owner_group=group).order_by("title_th")


def records_of_groups(*, slugs: Iterable[str]) -> QuerySet[WisdomRecord]:
    """The records owned by the producer groups with these slugs (every status; not scoped)."""
    return WisdomRecord.objects.filter(owner_group__slug__in=list(slugs)).order_by("title_th")


def records_by_pks(*, pks: Iterable[int]) -> QuerySet[WisdomRecord]:
    """Records by id, not scoped to a viewer: for services that already hold ids from their own links."""
    return WisdomRecord.objects.filter(pk__in=list(pks))


def consent_blockers(records: Iterable[WisdomRecord]) -> dict[int, str]:
    """For wisdom records that something (a product, a program, a knowledge item) builds on:
    {record_id: Thai reason} for each record whose holders' consent is pending
    or withdrawn (or that has no consented holder). Such things must not be
    published. An empty dict means publication may go ahead."""
    records = list(records)
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


# --- Workspaces (/me/) -------------------------------------------------------------------------


def _last_transition(field: str) -> Subquery:
    return Subquery(StatusTransition.objects.filter(record=OuterRef("pk"))
                    .order_by("-created_at", "-pk").values(field)[:1])


def sent_back_drafts(*, user: Any) -> QuerySet:
    """The producer's workspace: drafts of their own (compiled by them or of their groups) that staff
    sent back, with the staff comment (``sent_back_comment``) and when (``sent_back_at``), oldest
    first. A draft counts as sent back when its last workflow step moved it back to draft. One query."""
    return (WisdomRecord.objects.mine(user).filter(status=Status.DRAFT)
            .annotate(last_to=_last_transition("to_status"), sent_back_comment=_last_transition("comment"),
                      sent_back_at=_last_transition("created_at"))
            .filter(last_to=Status.DRAFT)
            .select_related("subdistrict__district")
            .order_by("sent_back_at", "pk"))


def submitted_for_review(*, user: Any) -> QuerySet:
    """The staff workspace: records submitted for verification, oldest submission first, with
    ``submitted_at``. Staff only (nobody else reviews): others get an empty queryset. One query."""
    if not permissions.is_staff_user(user):
        return WisdomRecord.objects.none()
    return (WisdomRecord.objects.filter(status=Status.SUBMITTED)
            .annotate(submitted_at=_last_transition("created_at"))
            .select_related("subdistrict__district", "owner_group")
            .order_by(F("submitted_at").asc(nulls_first=True), "pk"))
