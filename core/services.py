"""Writes of the shared core. Views, API, admin and commands call these."""

from __future__ import annotations

import re
import unicodedata

from django.db import transaction

from .choices import MembershipRole, Role
from .models import GroupMembership, PartnerOrganisation, ProducerGroup, User

_NOT_ASCII_SLUG = re.compile(r"[^a-z0-9]+")
_THAI = re.compile(r"[\u0E00-\u0E7F]")


def ascii_slugify(text: str) -> str:
    """An ASCII slug for Thai or English text: Thai words are segmented (PyThaiNLP)
    and romanised (Royal Institute system), so shared links stay readable instead
    of becoming %E0%B8... escapes: "ตุ๊กตาชาววัง" -> "tukta-chaowang"."""
    text = unicodedata.normalize("NFC", str(text)).strip().lower()
    if _THAI.search(text):
        from pythainlp.tokenize import word_tokenize
        from pythainlp.transliterate import romanize

        words = [romanize(w, engine="royin") if _THAI.search(w) else w
                 for w in word_tokenize(text, engine="newmm", keep_whitespace=False)]
        text = " ".join(words)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_ASCII_SLUG.sub("-", text.lower()).strip("-")


def unique_slug(model, text: str, *, max_length: int = 100, exclude_pk=None) -> str:
    """An ASCII slug for `text` (see ascii_slugify), unique in `model` by adding -2, -3…"""
    base = ascii_slugify(text)[:max_length].strip("-") or "item"
    slug, n = base, 2
    qs = model._default_manager.all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug = f"{base[: max_length - 6]}-{n}"
        n += 1
    return slug


def _apply(obj, fields: dict) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


@transaction.atomic
def producer_group_create(*, name_th: str, subdistrict, entrepreneur_type: str, is_demo: bool = False,
                          **fields) -> ProducerGroup:
    group = ProducerGroup(name_th=name_th, subdistrict=subdistrict, entrepreneur_type=entrepreneur_type,
                          is_demo=is_demo, **fields)
    group.slug = unique_slug(ProducerGroup, fields.get("name_en") or name_th)
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def producer_group_update(*, group: ProducerGroup, **fields) -> ProducerGroup:
    fields.pop("slug", None)
    _apply(group, fields)
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def membership_set(*, user: User, groups, role: str = MembershipRole.MEMBER) -> None:
    """Make `user` a member of exactly `groups`."""
    wanted = {g.pk for g in groups}
    GroupMembership.objects.filter(user=user).exclude(group_id__in=wanted).delete()
    have = set(GroupMembership.objects.filter(user=user).values_list("group_id", flat=True))
    GroupMembership.objects.bulk_create(
        [GroupMembership(user=user, group_id=pk, role=role) for pk in wanted - have])
    user.__dict__.pop("_producer_group_ids", None)


@transaction.atomic
def user_create(*, username: str, password: str, role: str = Role.PRODUCER, producer_groups=(),
                partner_organisation: PartnerOrganisation | None = None, is_demo: bool = False,
                **fields) -> User:
    user = User(username=username, role=role, partner_organisation=partner_organisation, is_demo=is_demo,
                **fields)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if producer_groups:
        membership_set(user=user, groups=producer_groups)
    return user


@transaction.atomic
def user_update(*, user: User, password: str | None = None, producer_groups=None, **fields) -> User:
    _apply(user, fields)
    if password:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if producer_groups is not None:
        membership_set(user=user, groups=producer_groups)
    return user
