"""Reads of the wisdom registry that other apps use (contract: keep the signatures)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .choices import ConsentStatus


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
