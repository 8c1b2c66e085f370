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

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from rest_framework import permissions as drf_permissions
from rest_framework.exceptions import ValidationError as DRFValidationError

from .actors import SYSTEM, is_system  # noqa: F401  (re-exported: permissions.SYSTEM)

if TYPE_CHECKING:
    from django.views.generic import DetailView, View
    from rest_framework.viewsets import GenericViewSet

    _ListBase = DetailView
    _ViewBase = View
    _ViewSetBase = GenericViewSet
else:
    _ListBase = _ViewBase = _ViewSetBase = object

# Who is acting or looking: a User, an AnonymousUser or core.actors.SYSTEM.
Actor = Any

STAFF = "staff"
PRODUCER = "producer"
PARTNER = "partner"
EXPERT = "expert"


# --- Role predicates ------------------------------------------------------


def is_staff_user(user: Actor) -> bool:
    """CDD staff, superusers — and SYSTEM, the portal acting by itself on rules staff set."""
    if is_system(user):
        return True
    return bool(user and user.is_authenticated and user.is_active and
                (user.is_superuser or getattr(user, "role", None) == STAFF))


def is_producer(user: Actor) -> bool:
    return bool(user and user.is_authenticated and user.is_active and getattr(user, "role", None) == PRODUCER)


def is_partner(user: Actor) -> bool:
    return bool(user and user.is_authenticated and user.is_active and getattr(user, "role", None) == PARTNER
                and user.partner_organisation_id)


def is_expert(user: Actor) -> bool:
    return bool(user and user.is_authenticated and user.is_active and getattr(user, "role", None) == EXPERT)


def is_member(user: Actor) -> bool:
    """Any logged-in, active account ("members" in access protocols)."""
    return bool(user and user.is_authenticated and user.is_active)


def producer_group_ids(user: Actor) -> frozenset[int]:
    """Ids of the producer groups the user belongs to (cached on the user object)."""
    if not (user and user.is_authenticated) or is_system(user) or not user.pk:
        return frozenset()
    cached = getattr(user, "_producer_group_ids", None)
    if cached is None:
        from .models import GroupMembership

        cached = frozenset(GroupMembership.objects.filter(user_id=user.pk).values_list("group_id", flat=True))
        user._producer_group_ids = cached
    return cached


def partner_organisation_id(user: Actor) -> int | None:
    return user.partner_organisation_id if is_partner(user) else None


def can_edit_group(user: Actor, group_id: int) -> bool:
    return is_staff_user(user) or (is_producer(user) and group_id in producer_group_ids(user))


# --- Querysets --------------------------------------------------------------


class ScopedQuerySet(models.QuerySet):
    """Base for querysets with per-user visibility: staff only, unless a subclass says more.

    Most models state their rule by choosing one of the declarative bases below and setting
    one or two attributes; a model with a rule of its own overrides ``visible_to`` /
    ``editable_by`` (and says why in a docstring)."""

    def visible_to(self, user: Actor) -> Any:
        return self.all() if is_staff_user(user) else self.none()

    def editable_by(self, user: Actor) -> Any:
        return self.all() if is_staff_user(user) else self.none()


class GroupOwnedQuerySet(ScopedQuerySet):
    """Rows owned by a producer group, reached through ``group_path`` ("group", "product__group"…).

    - staff see and change everything;
    - members of the owning group see and change their group's rows;
    - everyone (anonymous included) also sees the rows matching ``public_q`` (e.g. published);
    - any logged-in account also sees the rows matching ``member_q``.
    ``public_q``/``member_q`` left as None add nothing."""

    group_path: str = "group"
    public_q: Q | None = None
    member_q: Q | None = None

    def _own(self, user: Actor) -> Q:
        return Q(**{f"{self.group_path}__in": producer_group_ids(user)})

    def visible_to(self, user: Actor) -> Any:
        if is_staff_user(user):
            return self.all()
        parts = [self.public_q] if self.public_q is not None else []
        if is_member(user):
            if self.member_q is not None:
                parts.append(self.member_q)
            if is_producer(user):
                parts.append(self._own(user))
        # OR-ed from the first rule (not from an empty `pk__in=[]`, which every query would compile and drop).
        q = parts[0] if parts else Q(pk__in=[])
        for part in parts[1:]:
            q = q | part
        return self.filter(q)

    def editable_by(self, user: Actor) -> Any:
        if is_staff_user(user):
            return self.all()
        if is_producer(user):
            return self.filter(self._own(user))
        return self.none()


class ChildQuerySet(ScopedQuerySet):
    """Rows that belong to a parent (a product's photos, a program's itinerary): visible and
    editable exactly when the parent is. ``parent_field`` names the foreign key."""

    parent_field: str = ""

    def _parent_manager(self) -> Any:
        if not self.parent_field:
            raise ImproperlyConfigured(f"{type(self).__name__} needs parent_field")
        related: Any = self.model._meta.get_field(self.parent_field).related_model
        return related._default_manager

    def visible_to(self, user: Actor) -> Any:
        return self.filter(**{f"{self.parent_field}__in": self._parent_manager().visible_to(user).values("pk")})

    def editable_by(self, user: Actor) -> Any:
        return self.filter(**{f"{self.parent_field}__in": self._parent_manager().editable_by(user).values("pk")})


class PublicReadQuerySet(ScopedQuerySet):
    """Reference or published content everyone reads (``public_q``, default all rows) and only
    staff change."""

    public_q: Q | None = None

    def visible_to(self, user: Actor) -> Any:
        if is_staff_user(user) or self.public_q is None:
            return self.all()
        return self.filter(self.public_q)


def scoped(base: type[ScopedQuerySet], **attrs: Any) -> type[ScopedQuerySet]:
    """A one-line rule: ``objects = scoped(GroupOwnedQuerySet, public_q=PUBLISHED).as_manager()``.
    Returns a subclass of `base` with `attrs` set (extra methods: subclass `base` instead)."""
    return type(f"Scoped{base.__name__}", (base,), attrs)


# A visitor with no account and "any member" (a logged-in account with no group or organisation):
# what search indexes and what public caches may hold are defined by what these two may see.
ANONYMOUS = AnonymousUser()


def any_member() -> Any:
    """An unsaved, active producer account that belongs to no group: sees what every member sees."""
    from .models import User

    user: Any = User(username="any-member", role=PRODUCER, is_active=True)
    user.pk = 0  # matches no row, so rules that compare with the user ("created by me") still run
    user._producer_group_ids = frozenset()
    return user


def get_visible_or_404(queryset_or_model: Any, user: Actor, **lookup: Any) -> Any:
    """Fetch one object the user may see, else 404 (never a hint that it exists)."""
    qs: Any = queryset_or_model if isinstance(queryset_or_model, models.QuerySet) \
        else queryset_or_model._default_manager.all()
    try:
        return qs.visible_to(user).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_or_404(queryset: Any, **lookup: Any) -> Any:
    """queryset.get(**lookup), or 404 — also for a malformed id ("abc"), which Django's
    get_object_or_404 lets through as a 500. Use on querysets already scoped by
    visible_to/editable_by or by a parent object."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_editable_or_denied(queryset_or_model: Any, user: Actor, **lookup: Any) -> Any:
    """Fetch one object for a change: 404 when not visible, 403 when visible but not editable."""
    obj = get_visible_or_404(queryset_or_model, user, **lookup)
    model = type(obj)
    if not model._default_manager.editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


# --- Class-based views --------------------------------------------------------


class VisibleObjectsMixin(_ListBase):
    """For ListView/DetailView: the queryset is what the user may see."""

    def get_queryset(self) -> Any:
        qs: Any = super().get_queryset()
        return qs.visible_to(self.request.user)


class EditableObjectMixin(_ListBase):
    """For UpdateView/DeleteView: 404 if not visible, 403 if not editable."""

    def get_object(self, queryset=None):
        qs = queryset if queryset is not None else self.get_queryset()
        if self.slug_url_kwarg in self.kwargs:
            lookup = {self.slug_field: self.kwargs[self.slug_url_kwarg]}
        else:
            lookup = {"pk": self.kwargs[self.pk_url_kwarg]}
        return get_editable_or_denied(qs, self.request.user, **lookup)


class StaffRequiredMixin(_ViewBase):
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


class ScopedViewSetMixin(_ViewSetBase):
    """For DRF viewsets over a model with a ScopedQuerySet.

    Reads start from ``visible_to``; a write on an object that is visible but
    not editable is 403, on an invisible one 404.
    """

    def get_queryset(self) -> Any:
        qs: Any = super().get_queryset()
        return qs.visible_to(self.request.user)

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in drf_permissions.SAFE_METHODS:
            model = type(obj)
            if not model._default_manager.editable_by(self.request.user).filter(pk=obj.pk).exists():
                self.permission_denied(self.request, message="คุณไม่มีสิทธิ์แก้ไขรายการนี้")
        return obj


def reject_unknown_fields(serializer: Any, data: Any) -> None:
    """A write naming a field the serializer does not have is a 400 naming it, so a client's typo
    (``producer_group`` for ``producer_groups``) never silently does something else."""
    if not isinstance(data, dict) and not hasattr(data, "keys"):
        return
    known = set(serializer.fields)
    unknown = sorted(str(k) for k in data.keys() if k not in known)
    if unknown:
        raise DRFValidationError({name: ["ไม่มีฟิลด์นี้ในข้อมูลที่ส่งได้"] for name in unknown})


class RejectUnknownFieldsMixin(_ViewSetBase):
    """For any DRF view that writes: a field the serializer does not have is a 400 naming it."""

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        serializer = super().get_serializer(*args, **kwargs)
        if "data" in kwargs and self.request.method not in drf_permissions.SAFE_METHODS:
            reject_unknown_fields(serializer, kwargs["data"])
        return serializer


class ServiceViewSetMixin(RejectUnknownFieldsMixin, ScopedViewSetMixin):
    """For DRF viewsets that write: every create, update and delete goes through a declared service.

    Declare on the viewset (plain functions from the app's services.py; each takes ``actor=``):
    - ``create_service(actor=, **validated_data) -> obj``
    - ``update_service(actor=, <instance_kwarg>=obj, **validated_data) -> obj``
    - ``delete_service(actor=, <instance_kwarg>=obj) -> None``
    ``instance_kwarg`` defaults to the model's name ("product"). An action the viewset allows but
    has no service for is refused at start-up by the system check core.E010, never saved plainly.
    Unknown fields in a write are a 400 naming them.
    """

    create_service: Callable[..., Any] | None = None
    update_service: Callable[..., Any] | None = None
    delete_service: Callable[..., Any] | None = None
    instance_kwarg: str | None = None

    def _instance_kwarg(self) -> str:
        return self.instance_kwarg or self.get_queryset().model._meta.model_name

    @staticmethod
    def _service(func: Any) -> Any:
        # Declared as class attributes, plain functions would bind as methods: unwrap them.
        return getattr(func, "__func__", func)

    def _read_back(self, obj: Any) -> Any:
        """The saved object as the viewset reads it, so a 201/200 has the same fields as a GET (the
        annotations of get_queryset: counts, flags); the service's object if the read does not find it."""
        try:
            return self.get_queryset().get(pk=obj.pk)
        except (ObjectDoesNotExist, AttributeError):
            return obj

    def perform_create(self, serializer):
        if self.create_service is None:
            raise ImproperlyConfigured(f"{type(self).__name__} has no create_service")
        serializer.instance = self._read_back(self._service(self.create_service)(actor=self.request.user,
                                                                                 **serializer.validated_data))

    def perform_update(self, serializer):
        if self.update_service is None:
            raise ImproperlyConfigured(f"{type(self).__name__} has no update_service")
        serializer.instance = self._read_back(self._service(self.update_service)(
            actor=self.request.user, **{self._instance_kwarg(): serializer.instance}, **serializer.validated_data))

    def perform_destroy(self, instance):
        if self.delete_service is None:
            raise ImproperlyConfigured(f"{type(self).__name__} has no delete_service")
        self._service(self.delete_service)(actor=self.request.user, **{self._instance_kwarg(): instance})


# --- Admin ------------------------------------------------------------------------


class StaffOnlyAdminMixin:
    """The admin back-office is for CDD staff; querysets still go through editable_by."""

    def get_queryset(self, request: Any) -> Any:
        qs = super().get_queryset(request)  # type: ignore[misc]
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
