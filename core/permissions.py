"""Who may see and change what — the one place the portal decides it.

Roles (core.choices.Role):
- staff: provincial CDD officers (and superusers): see and change everything;
- producer: members of producer groups: change only their groups' data;
- partner: members of a partner organisation: see what is assigned to it;
- expert: a knowledge-network profile;
- anonymous visitors: only published, public content.

Every model with rules has a QuerySet subclassing ScopedQuerySet with two
methods, ``visible_to(user)`` and ``editable_by(user)``. Views, API viewsets,
the admin, search, exports and the file server (core.files) all start from
those querysets, so an object a user may not see is a 404 everywhere.
The role predicates below are the only place roles are interpreted.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from rest_framework import permissions as drf_permissions

STAFF = "staff"
PRODUCER = "producer"
PARTNER = "partner"
EXPERT = "expert"


# --- Role predicates ------------------------------------------------------


def is_staff_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and
                (user.is_superuser or getattr(user, "role", None) == STAFF))


def is_producer(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and getattr(user, "role", None) == PRODUCER)


def is_partner(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and getattr(user, "role", None) == PARTNER
                and user.partner_organisation_id)


def is_expert(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and getattr(user, "role", None) == EXPERT)


def is_member(user) -> bool:
    """Any logged-in, active account ("members" in access protocols)."""
    return bool(user and user.is_authenticated and user.is_active)


def producer_group_ids(user) -> frozenset[int]:
    """Ids of the producer groups the user belongs to (cached on the user object)."""
    if not (user and user.is_authenticated):
        return frozenset()
    cached = getattr(user, "_producer_group_ids", None)
    if cached is None:
        from .models import GroupMembership

        cached = frozenset(GroupMembership.objects.filter(user_id=user.pk).values_list("group_id", flat=True))
        user._producer_group_ids = cached
    return cached


def partner_organisation_id(user) -> int | None:
    return user.partner_organisation_id if is_partner(user) else None


def can_edit_group(user, group_id: int) -> bool:
    return is_staff_user(user) or (is_producer(user) and group_id in producer_group_ids(user))


# --- Querysets --------------------------------------------------------------


class ScopedQuerySet(models.QuerySet):
    """Base for querysets with per-user visibility. Subclasses override both."""

    def visible_to(self, user):
        return self.all() if is_staff_user(user) else self.none()

    def editable_by(self, user):
        return self.all() if is_staff_user(user) else self.none()


def get_visible_or_404(queryset_or_model, user, **lookup):
    """Fetch one object the user may see, else 404 (never a hint that it exists)."""
    qs = queryset_or_model if isinstance(queryset_or_model, models.QuerySet) \
        else queryset_or_model._default_manager.all()
    try:
        return qs.visible_to(user).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_or_404(queryset, **lookup):
    """queryset.get(**lookup), or 404 — also for a malformed id ("abc"), which Django's
    get_object_or_404 lets through as a 500. Use on querysets already scoped by
    visible_to/editable_by or by a parent object."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_editable_or_denied(queryset_or_model, user, **lookup):
    """Fetch one object for a change: 404 when not visible, 403 when visible but not editable."""
    obj = get_visible_or_404(queryset_or_model, user, **lookup)
    model = type(obj)
    if not model._default_manager.editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


# --- Class-based views --------------------------------------------------------


class VisibleObjectsMixin:
    """For ListView/DetailView: the queryset is what the user may see."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class EditableObjectMixin:
    """For UpdateView/DeleteView: 404 if not visible, 403 if not editable."""

    def get_object(self, queryset=None):
        qs = queryset if queryset is not None else self.get_queryset()
        if self.slug_url_kwarg in self.kwargs:
            lookup = {self.slug_field: self.kwargs[self.slug_url_kwarg]}
        else:
            lookup = {"pk": self.kwargs[self.pk_url_kwarg]}
        return get_editable_or_denied(qs, self.request.user, **lookup)


class StaffRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not is_staff_user(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# --- API (DRF) ------------------------------------------------------------------


class ReadOnlyOrAuthenticated(drf_permissions.BasePermission):
    """Default API permission: anyone may read (querysets decide what), writes need a login."""

    def has_permission(self, request, view):
        return request.method in drf_permissions.SAFE_METHODS or is_member(request.user)


class IsStaffRole(drf_permissions.BasePermission):
    message = "เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้น"

    def has_permission(self, request, view):
        return is_staff_user(request.user)


class StaffWritesOnly(drf_permissions.BasePermission):
    message = "เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้นที่แก้ไขข้อมูลนี้ได้"

    def has_permission(self, request, view):
        return request.method in drf_permissions.SAFE_METHODS or is_staff_user(request.user)


class ScopedViewSetMixin:
    """For DRF viewsets over a model with a ScopedQuerySet.

    Reads start from ``visible_to``; a write on an object that is visible but
    not editable is 403, on an invisible one 404.
    """

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in drf_permissions.SAFE_METHODS:
            model = type(obj)
            if not model._default_manager.editable_by(self.request.user).filter(pk=obj.pk).exists():
                self.permission_denied(self.request, message="คุณไม่มีสิทธิ์แก้ไขรายการนี้")
        return obj


# --- Admin ------------------------------------------------------------------------


class StaffOnlyAdminMixin:
    """The admin back-office is for CDD staff; querysets still go through editable_by."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if hasattr(qs, "editable_by"):
            qs = qs.editable_by(request.user)
        return qs

    def has_module_permission(self, request):
        return is_staff_user(request.user)

    def has_view_permission(self, request, obj=None):
        return is_staff_user(request.user)

    def has_add_permission(self, request, *args):
        return is_staff_user(request.user)

    def has_change_permission(self, request, obj=None):
        return is_staff_user(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_staff_user(request.user)
