"""Writes of the shared core. Views, API, admin and commands call these."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import permissions
from .choices import MembershipRole, Role
from .files import delete_after_commit
from .models import (
    District,
    DistrictOfficer,
    GroupMembership,
    PartnerOrganisation,
    ProducerGroup,
    SiteContact,
    User,
)
from .permissions import Actor

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


def unique_slug(model: Any, text: str, *, max_length: int = 100, exclude_pk: Any = None) -> str:
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


def save_changes(obj: Any, fields: dict[str, Any]) -> Any:
    """The body of most update services: set `fields` on `obj`, ``full_clean`` it and save it."""
    _apply(obj, fields)
    obj.full_clean()
    obj.save()
    return obj


def _apply(obj: Any, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


def _require_staff(actor: Actor) -> None:
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้น"))


def _require_group_editor(actor: Actor, group: ProducerGroup) -> None:
    if not permissions.can_edit_group(actor, group.pk):
        raise PermissionDenied(_("คุณไม่มีสิทธิ์แก้ไขข้อมูลของกลุ่มนี้"))


@transaction.atomic
def producer_group_create(*, actor: Actor, name_th: str, subdistrict: Any, entrepreneur_type: str, is_demo: bool = False,
                          **fields: Any) -> ProducerGroup:
    """Staff register a producer group; its slug is romanised from the name."""
    _require_staff(actor)
    fields.pop("slug", None)
    group = ProducerGroup(name_th=name_th, subdistrict=subdistrict, entrepreneur_type=entrepreneur_type,
                          is_demo=is_demo, **fields)
    group.slug = unique_slug(ProducerGroup, fields.get("name_en") or name_th)
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def producer_group_update(*, actor: Actor, group: ProducerGroup, **fields: Any) -> ProducerGroup:
    """Staff, or the group's own members, change the group's details (never its slug)."""
    _require_group_editor(actor, group)
    fields.pop("slug", None)
    _apply(group, fields)
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def producer_group_delete(*, actor: Actor, group: ProducerGroup) -> None:
    """Staff delete a group that nothing depends on any more (products, records… protect it)."""
    _require_staff(actor)
    logo = group.logo
    group.delete()
    delete_after_commit(logo)


@transaction.atomic
def partner_organisation_create(*, actor: Actor, name_th: str, areas_served: Iterable[Any] = (),
                                **fields: Any) -> PartnerOrganisation:
    _require_staff(actor)
    org = PartnerOrganisation(name_th=name_th, **fields)
    if not org.slug:
        org.slug = unique_slug(PartnerOrganisation, fields.get("name_en") or name_th)
    org.full_clean()
    org.save()
    org.areas_served.set(areas_served)
    return org


@transaction.atomic
def partner_organisation_update(*, actor: Actor, partner_organisation: PartnerOrganisation, areas_served: Iterable[Any] | None = None,
                                **fields: Any) -> PartnerOrganisation:
    _require_staff(actor)
    save_changes(partner_organisation, fields)
    if areas_served is not None:
        partner_organisation.areas_served.set(areas_served)
    return partner_organisation


@transaction.atomic
def partner_organisation_delete(*, actor: Actor, partner_organisation: PartnerOrganisation) -> None:
    _require_staff(actor)
    partner_organisation.delete()


@transaction.atomic
def membership_add(*, actor: Actor, group: ProducerGroup, user: User,
                   role: str = MembershipRole.MEMBER) -> GroupMembership:
    """Staff add an account to a group (one membership per account and group: a constraint)."""
    _require_staff(actor)
    membership = GroupMembership(group=group, user=user, role=role)
    membership.full_clean()
    membership.save()
    user.__dict__.pop("_producer_group_ids", None)
    return membership


@transaction.atomic
def membership_update(*, actor: Actor, membership: GroupMembership, **fields: Any) -> GroupMembership:
    _require_staff(actor)
    save_changes(membership, fields)
    return membership


@transaction.atomic
def membership_remove(*, actor: Actor, membership: GroupMembership) -> None:
    _require_staff(actor)
    membership.delete()


@transaction.atomic
def membership_set(*, user: User, groups: Iterable[Any], role: str = MembershipRole.MEMBER) -> None:
    """Make `user` a member of exactly `groups` (called by the account services, which check the actor)."""
    wanted = {g.pk for g in groups}
    GroupMembership.objects.filter(user=user).exclude(group_id__in=wanted).delete()
    have = set(GroupMembership.objects.filter(user=user).values_list("group_id", flat=True))
    GroupMembership.objects.bulk_create(
        [GroupMembership(user=user, group_id=pk, role=role) for pk in wanted - have])
    user.__dict__.pop("_producer_group_ids", None)


ACCOUNT_PRIVILEGED_FIELDS = frozenset({"role", "is_active", "is_superuser", "is_staff", "password",
                                       "groups", "user_permissions"})


def account_level(user: Actor) -> int:
    """How far up the roles an account stands: superuser 3, CDD staff 2, everyone else 1."""
    if getattr(user, "is_superuser", False):
        return 3
    if getattr(user, "role", None) == Role.STAFF:
        return 2
    return 1


def account_change_check(*, actor: Actor, user: User | None, changes: Iterable[str],
                         new_role: str | None = None) -> None:
    """The rule for changing accounts, shared by the API, the admin and every other caller.

    - Only superusers may create, promote or change superusers and CDD staff's role, password or activation.
    - Nobody edits an account above their own level (a staff officer never touches a superuser).
    - Nobody changes their own role or activation; staff may grant the staff role to nobody.
    - Non-staff accounts change no accounts (the admin and the accounts API are staff-only anyway).
    Raises PermissionDenied with a Thai message; `user` is None for a new account.
    """
    changes = set(changes)
    if getattr(actor, "is_superuser", False) and actor.is_active:
        return
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้นที่จัดการบัญชีผู้ใช้ได้"))
    if changes & {"is_superuser", "is_staff", "groups", "user_permissions"}:
        raise PermissionDenied(_("เฉพาะผู้ดูแลระบบสูงสุดเท่านั้นที่กำหนดสิทธิ์ผู้ดูแลได้"))
    if new_role == Role.STAFF and (user is None or user.role != Role.STAFF):
        raise PermissionDenied(_("เฉพาะผู้ดูแลระบบสูงสุดเท่านั้นที่แต่งตั้งเจ้าหน้าที่ได้"))
    if user is None:
        return
    if account_level(user) > account_level(actor):
        raise PermissionDenied(_("แก้ไขบัญชีที่มีสิทธิ์สูงกว่าของท่านไม่ได้"))
    if user.pk == actor.pk:
        if changes & {"role", "is_active"}:
            raise PermissionDenied(_("เปลี่ยนบทบาทหรือสถานะของบัญชีตนเองไม่ได้"))
        return
    if account_level(user) >= 2 and changes & ACCOUNT_PRIVILEGED_FIELDS:
        raise PermissionDenied(_("เฉพาะผู้ดูแลระบบสูงสุดเท่านั้นที่เปลี่ยนบทบาท รหัสผ่าน หรือสถานะของเจ้าหน้าที่ได้"))


@transaction.atomic
def user_create(*, actor: Actor, username: str, password: str, role: str = Role.PRODUCER,
                producer_groups: Iterable[Any] = (), partner_organisation: PartnerOrganisation | None = None,
                is_demo: bool = False, current_password: str | None = None, **fields: Any) -> User:
    """Create an account (staff; only superusers create staff accounts)."""
    account_change_check(actor=actor, user=None, changes=set(fields), new_role=role)
    user = User(username=username, role=role, partner_organisation=partner_organisation, is_demo=is_demo,
                **fields)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if producer_groups:
        membership_set(user=user, groups=producer_groups)
    return user


@transaction.atomic
def user_update(*, actor: Actor, user: User, password: str | None = None, current_password: str | None = None,
                producer_groups: Iterable[Any] | None = None, **fields: Any) -> User:
    """Change an account. A new password needs the account's current password unless a superuser sets it
    (staff reset a villager's forgotten password with `user_reset_password`)."""
    changes = {name for name, value in fields.items() if getattr(user, name) != value}
    if password:
        changes.add("password")
    account_change_check(actor=actor, user=user, changes=changes, new_role=fields.get("role"))
    if password and not getattr(actor, "is_superuser", False):
        if not current_password or not user.check_password(current_password):
            raise ValidationError({"current_password": _("ต้องระบุรหัสผ่านปัจจุบันของบัญชีนี้ให้ถูกต้อง")})
    _apply(user, fields)
    if password:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if producer_groups is not None:
        membership_set(user=user, groups=producer_groups)
    return user


@transaction.atomic
def user_reset_password(*, actor: Actor, user: User, password: str) -> User:
    """Staff set a new password for an account below their level (a producer who forgot theirs);
    staff and superuser passwords are reset by superusers only."""
    account_change_check(actor=actor, user=user, changes={"password"})
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_admin_save(*, actor: Actor, user: User, changes: Iterable[str], is_new: bool) -> User:
    """The admin's account form (Django's auth forms hash the password and build `user`):
    checked by the same rule as the API before it is saved."""
    original = None if is_new else User.objects.get(pk=user.pk)
    account_change_check(actor=actor, user=original, changes=set(changes) - {"password1", "password2"},
                         new_role=user.role if is_new or "role" in changes else None)
    user.save()
    return user


# --- Responsible officer per district ---------------------------------------------------------


def _check_officer(officer: User) -> None:
    if not permissions.is_staff_user(officer):
        raise ValidationError({"officer": _("เจ้าหน้าที่ผู้รับผิดชอบต้องเป็นบัญชีเจ้าหน้าที่พัฒนาชุมชน")})


@transaction.atomic
def district_officer_set(*, actor: Actor, district: District, officer: User, phone: str = "", line_id: str = "",
                         is_demo: bool = False) -> DistrictOfficer:
    """Name (or replace) the officer responsible for `district`, staff only: one per district
    (a unique key), so a second call replaces the first."""
    _require_staff(actor)
    _check_officer(officer)
    row = DistrictOfficer.objects.select_for_update().filter(district=district).first() \
        or DistrictOfficer(district=district, is_demo=is_demo)
    row.officer, row.phone, row.line_id = officer, phone.strip(), line_id.strip()
    row.full_clean(validate_unique=False)
    row.save()
    return row


@transaction.atomic
def district_officer_create(*, actor: Actor, district: District, officer: User, phone: str = "",
                            line_id: str = "") -> DistrictOfficer:
    """The admin's "add": refused when the district already has an officer (change that one instead)."""
    if DistrictOfficer.objects.filter(district=district).exists():
        raise ValidationError({"district": _("อำเภอนี้มีเจ้าหน้าที่ผู้รับผิดชอบแล้ว กรุณาแก้ไขรายการเดิม")})
    return district_officer_set(actor=actor, district=district, officer=officer, phone=phone, line_id=line_id)


@transaction.atomic
def district_officer_update(*, actor: Actor, district_officer: DistrictOfficer, **fields: Any) -> DistrictOfficer:
    _require_staff(actor)
    allowed = {"officer", "phone", "line_id"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), _("แก้ไขฟิลด์นี้ไม่ได้")))
    if "officer" in fields:
        _check_officer(fields["officer"])
    return save_changes(district_officer, fields)


@transaction.atomic
def district_officer_delete(*, actor: Actor, district_officer: DistrictOfficer) -> None:
    _require_staff(actor)
    district_officer.delete()


# --- The office's contact (site setting) ----------------------------------------------------------------

SITE_CONTACT_FIELDS = ("address", "phone", "email", "line_id")


@transaction.atomic
def site_contact_update(*, actor: Actor, site_contact: SiteContact | None = None, **fields: Any) -> SiteContact:
    """Staff set the office's contact shown in every footer (address, phone, e-mail, LINE; a blank field is
    hidden). There is one row: it is created on the first save and updated afterwards."""
    from .selectors import SITE_CONTACT_CACHE_KEY

    _require_staff(actor)
    unknown = set(fields) - set(SITE_CONTACT_FIELDS)
    if unknown:
        raise ValidationError(_("ไม่รู้จักช่องข้อมูล: %(names)s") % {"names": ", ".join(sorted(unknown))})
    contact = SiteContact.objects.select_for_update().filter(pk=1).first() or SiteContact(pk=1)
    fields = {name: (value or "").strip() for name, value in fields.items()}
    save_changes(contact, fields)
    transaction.on_commit(lambda: cache.delete(SITE_CONTACT_CACHE_KEY))
    return contact


@transaction.atomic
def site_contact_clear(*, actor: Actor, site_contact: SiteContact) -> None:
    """Staff remove the office's contact: every footer then shows none."""
    from .selectors import SITE_CONTACT_CACHE_KEY

    _require_staff(actor)
    site_contact.delete()
    transaction.on_commit(lambda: cache.delete(SITE_CONTACT_CACHE_KEY))
