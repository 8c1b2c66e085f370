"""Writes for experts: staff add, edit and delete expert profiles (public or members-only, optionally
linked to an account with the expert role) and the districts each expert serves; an expert keeps
their own profile up to date (not its account link, activation or slug)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from core import permissions
from core.permissions import Actor
from core.services import unique_slug

from ..models import ExpertProfile

# What only staff change on a profile (an expert edits the rest of their own).
STAFF_ONLY_FIELDS = frozenset({"user", "is_active", "name"})


def _require_staff(actor: Actor) -> None:
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้น"))


@transaction.atomic
def expert_create(*, actor: Actor, name: str, districts_served: Iterable[Any] = (), slug: str = "",
                  is_demo: bool = False, **fields: Any) -> ExpertProfile:
    """Staff add an expert profile (optionally linked to an account with the expert role); the slug is
    romanised from the name unless one is given."""
    _require_staff(actor)
    expert = ExpertProfile(name=name, is_demo=is_demo, **fields)
    expert.slug = slug or unique_slug(ExpertProfile, name)
    expert.full_clean()
    expert.save()
    if districts_served:
        expert.districts_served.set(districts_served)
    return expert


@transaction.atomic
def expert_update(*, actor: Actor, expert: ExpertProfile, districts_served: Iterable[Any] | None = None,
                  **fields: Any) -> ExpertProfile:
    """Staff change any profile; an expert changes their own, but not its account link, activation or
    name (STAFF_ONLY_FIELDS). The slug never changes."""
    if not ExpertProfile.objects.editable_by(actor).filter(pk=expert.pk).exists():
        raise PermissionDenied(_("คุณแก้ไขโปรไฟล์นี้ไม่ได้"))
    if not permissions.is_staff_user(actor):
        refused = STAFF_ONLY_FIELDS & {k for k, v in fields.items() if v != getattr(expert, k)}
        if refused:
            raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้นที่เปลี่ยน %(f)s ได้") % {"f": ", ".join(sorted(refused))})
    fields.pop("slug", None)
    for name, value in fields.items():
        setattr(expert, name, value)
    expert.full_clean()
    expert.save()
    if districts_served is not None:
        expert.districts_served.set(districts_served)
    return expert


@transaction.atomic
def expert_delete(*, actor: Actor, expert: ExpertProfile) -> None:
    """Staff delete a profile; its links to events and knowledge items go with it. An expert who
    mentors a group is kept (close or reassign the mentorship first)."""
    _require_staff(actor)
    try:
        expert.delete()
    except ProtectedError as exc:
        raise ValidationError(_("ลบผู้เชี่ยวชาญไม่ได้ เพราะยังเป็นพี่เลี้ยงของกลุ่มอยู่")) from exc
