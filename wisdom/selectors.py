"""Reads of the wisdom registry — and the only way other apps read it.

Other apps (products, tourism, network, campaigns, search) never import ``wisdom.models``; they use:

- ``records_visible_to(user=)``: the records a user may see (choice fields, ``Prefetch`` querysets
  of their own many-to-many links to wisdom, checks that a posted record is visible);
- ``records_of_group(group=)`` / ``records_of_groups(slugs=)``: a producer group's records (demo loaders,
  group pages), every status — filter them further with ``records_visible_to`` where a user looks;
- ``records_by_pks(pks=)``: records by id, unscoped, for services that already hold the ids;
- ``consent_blockers(records, scope=)``: whether things built on wisdom may be published for a use
  (``ConsentScope.PRODUCT`` for products, ``TOURISM`` for programs, ``EDUCATION`` for knowledge);
- ``consent_active_on(holder=, scope=, day=)`` / ``consent_periods(holder_ids=, scope=)``: was a holder
  consenting to a scope on a date (for the benefit ledger: periods with start and end dates);
- ``holders_named_publicly(records=)``: the holders who consent today to being named in public, to credit
  them on product and program pages.

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

``wisdom.lineage`` — what a record became and earned (products, programs, knowledge, trainings, income,
campaigns); the contract is in ``wisdom/lineage.py``, which asks it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, F, JSONField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions, registry
from core.querysets import built_once_for_anonymous

from .choices import ConsentScope, Status
from .models import (
    HolderConsent,
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


@built_once_for_anonymous
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


def record_cards(*, user: Any) -> QuerySet[WisdomRecord]:
    """record_public_list for /wisdom/'s cards in one query: the first photo the user may see (its id, thumbnail
    and caption) as one annotation instead of a prefetch of every visible photo (see card_photo)."""
    first = WisdomPhoto.objects.visible_to(user).filter(record=OuterRef("pk")).order_by("position", "id")
    return record_public_list(user=user).prefetch_related(None).annotate(cover=Subquery(
        first.values(json=JSONObject(id="pk", thumbnail="thumbnail", caption="caption"))[:1], output_field=JSONField()))


def card_photo(record: WisdomRecord) -> WisdomPhoto | None:
    """The card's photo: from record_cards' annotation (an unsaved instance holding what the card reads), else
    the first of the prefetched visible photos."""
    if not hasattr(record, "cover"):
        photos = getattr(record, "visible_photos", None)
        return photos[0] if photos else None
    cover = record.cover
    if cover is None:
        return None
    return WisdomPhoto(pk=cover["id"], record_id=record.pk, thumbnail=cover["thumbnail"], caption=cover["caption"])


def record_home_list(*, user: Any) -> QuerySet[WisdomRecord]:
    """The home page's latest published records in one query: only the columns its cards show, and the first
    photo the user may see (its id and thumbnail, for core.files' URL) as annotations, not a prefetch."""
    photos = WisdomPhoto.objects.visible_to(user).filter(record=OuterRef("pk")).order_by("position", "id")
    return (WisdomRecord.objects.visible_to(user).filter(status=Status.PUBLISHED)
            .select_related("subdistrict__district")
            .only("id", "slug", "title_th", "title_en", "subdistrict__district__name_th",
                  "subdistrict__district__name_en")
            .annotate(cover_id=Subquery(photos.values("pk")[:1]),
                      cover_thumbnail=Subquery(photos.values("thumbnail")[:1]))
            .order_by("-published_at", "title_th"))


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
        Prefetch("holders", queryset=KnowledgeHolder.objects.visible_to(user).prefetch_related(
            Prefetch("consents", queryset=HolderConsent.objects.visible_to(user).order_by("scope", "given_on"),
                     to_attr="visible_consents")), to_attr="visible_holders"),
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


def consent_blockers(records: Iterable[WisdomRecord], *, scope: str,
                     day: dt.date | None = None) -> dict[int, str]:
    """For wisdom records that something builds on, and the use it makes of them (`scope`, a
    ``ConsentScope``): {record_id: Thai reason} for each record with a knowledge holder who does not
    consent to that scope on `day` (today by default) — never asked, or withdrawn — and for each
    record with no holder at all. Such things must not be published. An empty dict: publication
    may go ahead. Two queries whatever the number of records."""
    records = list(records)
    ids = [r.pk for r in records]
    if not ids:
        return {}
    day = day or timezone.localdate()
    label = ConsentScope(scope).label
    titles = {r.pk: r.title_th for r in records}
    holders: dict[int, list[tuple[int, str]]] = {pk: [] for pk in ids}
    for holder_id, record_id, name in KnowledgeHolder.objects.filter(record_id__in=ids).values_list(
            "pk", "record_id", "name"):
        holders[record_id].append((holder_id, name))
    consenting = set(HolderConsent.objects.active_on(day).filter(holder__record_id__in=ids, scope=scope)
                     .values_list("holder_id", flat=True))
    blockers: dict[int, str] = {}
    for pk in ids:
        missing = [name for holder_id, name in holders[pk] if holder_id not in consenting]
        if not holders[pk]:
            blockers[pk] = _("ภูมิปัญญา “%(t)s” ยังไม่มีปราชญ์ชาวบ้านที่ให้ความยินยอม") % {"t": titles[pk]}
        elif missing:
            blockers[pk] = _("ปราชญ์ชาวบ้านของภูมิปัญญา “%(t)s” ไม่ได้ยินยอมให้ใช้เพื่อ%(s)s") % {
                "t": titles[pk], "s": label}
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


def consent_active_on(*, holder: KnowledgeHolder | int, scope: str, day: dt.date) -> bool:
    """Was `holder` consenting to `scope` on `day`? (Given on or before it, not withdrawn by then.)"""
    holder_id = holder if isinstance(holder, int) else holder.pk
    return HolderConsent.objects.active_on(day).filter(holder_id=holder_id, scope=scope).exists()


def consent_periods(*, holder_ids: Iterable[int], scope: str) -> dict[int, list[tuple[dt.date, dt.date | None]]]:
    """Every period of consent to `scope` per holder: {holder_id: [(given_on, withdrawn_on or None), …]}
    in date order — what a ledger needs to pro-rate a month (one query)."""
    periods: dict[int, list[tuple[dt.date, dt.date | None]]] = {pk: [] for pk in holder_ids}
    for holder_id, given, withdrawn in HolderConsent.objects.filter(
            holder_id__in=list(periods), scope=scope).order_by("holder_id", "given_on").values_list(
            "holder_id", "given_on", "withdrawn_on"):
        periods[holder_id].append((given, withdrawn))
    return periods


def holders_of_records(*, record_ids: Iterable[int]) -> QuerySet[KnowledgeHolder]:
    """Knowledge holders of these records, unscoped (services that already hold the record ids)."""
    return KnowledgeHolder.objects.filter(record_id__in=list(record_ids)).order_by("record_id", "name")


def holders_named_publicly(*, record_ids: Iterable[int], day: dt.date | None = None) -> list[KnowledgeHolder]:
    """The holders of these records who consent on `day` (today) to being named in public: the only
    ones a product or program page may credit. One query."""
    day = day or timezone.localdate()
    named = HolderConsent.objects.active_on(day).filter(holder_id=OuterRef("pk"), scope=ConsentScope.NAMING)
    return list(KnowledgeHolder.objects.filter(record_id__in=list(record_ids)).filter(Exists(named))
                .select_related("record").order_by("name", "pk"))


def holder_consents(*, user: Any, holder: KnowledgeHolder) -> QuerySet[HolderConsent]:
    """A holder's consent periods the user may see (staff, the record's own community)."""
    return HolderConsent.objects.visible_to(user).filter(holder=holder).select_related("recorded_by") \
        .order_by("scope", "given_on", "pk")


# --- Lineage (issue 17; the hook wisdom.lineage, wisdom/lineage.py) ---------------------------------


def lineage_table_records(*, user: Any) -> QuerySet[WisdomRecord]:
    """The records of staff's province-wide lineage table: every record staff may see, with its area and
    group (one query; the figures come from ``wisdom.lineage.province_ranking``). Nobody else: none."""
    if not permissions.is_staff_user(user):
        return WisdomRecord.objects.none()
    return (WisdomRecord.objects.visible_to(user).select_related("subdistrict__district", "owner_group")
            .order_by("title_th"))


def lineage_record_queryset(*, user: Any) -> QuerySet[WisdomRecord]:
    """The records whose lineage `user` may read: those they may see, with area and group."""
    return WisdomRecord.objects.visible_to(user).select_related("subdistrict__district", "owner_group")


def lineage_record(*, user: Any, slug: str) -> WisdomRecord:
    """One record for its lineage page: 404 when the user may not see it."""
    return permissions.get_or_404(lineage_record_queryset(user=user), slug=slug)
