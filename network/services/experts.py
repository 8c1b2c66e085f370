"""Writes for experts: staff add and edit expert profiles (public or members-only, optionally
linked to an account with the expert role) and the districts each expert serves."""

from __future__ import annotations

from django.db import transaction

from core.services import unique_slug

from ..models import ExpertProfile


@transaction.atomic
def expert_create(*, name: str, districts_served=(), is_demo: bool = False, **fields) -> ExpertProfile:
    """Staff add an expert profile (optionally linked to an account with the expert role)."""
    expert = ExpertProfile(name=name, is_demo=is_demo, **fields)
    expert.slug = unique_slug(ExpertProfile, name)
    expert.full_clean()
    expert.save()
    if districts_served:
        expert.districts_served.set(districts_served)
    return expert


@transaction.atomic
def expert_update(*, expert: ExpertProfile, districts_served=None, **fields) -> ExpertProfile:
    fields.pop("slug", None)
    for name, value in fields.items():
        setattr(expert, name, value)
    expert.full_clean()
    expert.save()
    if districts_served is not None:
        expert.districts_served.set(districts_served)
    return expert
