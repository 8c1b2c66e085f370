"""System checks that keep every write on the services (run by `manage.py check`, so by CI).

- core.E010: an API viewset that creates, updates or deletes must do it through a declared
  service (ServiceViewSetMixin) or its own perform_* — never DRF's plain ``save()``/``delete()``.
- core.E011: a portal admin (or inline) that may add, change or delete must declare its services
  (ServiceAdminMixin) or say why its table is plain reference data (``plain_writes_reason``).
"""

from __future__ import annotations

from django.apps import apps
from django.core import checks

PORTAL_APPS = ("core", "wisdom", "products", "tourism", "network", "evaluation", "campaigns", "search")

_ACTION_HOOKS = {"create": "perform_create", "update": "perform_update", "partial_update": "perform_update",
                 "destroy": "perform_destroy"}
_SERVICE_ATTR = {"perform_create": "create_service", "perform_update": "update_service",
                 "perform_destroy": "delete_service"}


def _viewsets():
    from django.urls import get_resolver

    seen = set()

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns)
                continue
            callback = pattern.callback
            cls = getattr(callback, "cls", None)
            actions = getattr(callback, "actions", None)
            if cls is None or not actions:
                continue
            key = (cls, tuple(sorted(actions.values())))
            if key not in seen:
                seen.add(key)
                yield cls, set(actions.values())

    yield from walk(get_resolver().url_patterns)


@checks.register(checks.Tags.models)
def viewset_writes_go_through_services(app_configs=None, **kwargs):
    from rest_framework import mixins

    from .permissions import ServiceViewSetMixin

    plain = {"perform_create": mixins.CreateModelMixin.perform_create,
             "perform_update": mixins.UpdateModelMixin.perform_update,
             "perform_destroy": mixins.DestroyModelMixin.perform_destroy}
    errors = []
    for cls, actions in _viewsets():
        if cls.__module__.split(".")[0] not in PORTAL_APPS:
            continue
        for action in actions:
            hook = _ACTION_HOOKS.get(action)
            if hook is None:
                continue
            impl = getattr(cls, hook)
            if impl is plain[hook]:
                errors.append(checks.Error(
                    f"{cls.__module__}.{cls.__name__}.{action} saves without a service",
                    hint="Subclass core.permissions.ServiceViewSetMixin and declare "
                         f"{_SERVICE_ATTR[hook]}, or write {hook} calling a service.",
                    obj=cls, id="core.E010"))
            elif impl is getattr(ServiceViewSetMixin, hook) and getattr(cls, _SERVICE_ATTR[hook]) is None:
                errors.append(checks.Error(
                    f"{cls.__module__}.{cls.__name__} allows {action} but declares no {_SERVICE_ATTR[hook]}",
                    obj=cls, id="core.E010"))
    return errors


def _overrides(cls, name: str, base) -> bool:
    """Whether `cls` decides `name` itself (defined below the portal's base classes)."""
    for klass in cls.__mro__:
        if klass is base:
            return False
        if name in klass.__dict__:
            return True
    return False


@checks.register(checks.Tags.admin)
def admin_writes_go_through_services(app_configs=None, **kwargs):
    from django.contrib import admin

    from .admin import ServiceAdminMixin, ServiceInlineMixin

    errors = []

    def check(owner, cls, base):
        if getattr(cls, "plain_writes_reason", ""):
            return
        if not issubclass(cls, base):
            errors.append(checks.Error(f"{owner}: {cls.__name__} is not a portal admin/inline",
                                       hint="Subclass PortalModelAdmin / PortalTabularInline.",
                                       obj=cls, id="core.E011"))
            return
        for perm, attr in (("has_add_permission", "create_service"),
                           ("has_change_permission", "update_service"),
                           ("has_delete_permission", "delete_service")):
            if getattr(cls, attr) is None and not _overrides(cls, perm, base) and not (
                    attr != "delete_service" and _overrides(cls, "save_model", base)):
                errors.append(checks.Error(
                    f"{owner}: {cls.__name__} may write but declares no {attr}",
                    hint=f"Declare {attr}, or override {perm} to refuse, or set plain_writes_reason.",
                    obj=cls, id="core.E011"))

    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PORTAL_APPS:
            continue
        label = f"{model._meta.app_label}.{model.__name__}"
        if not hasattr(model_admin, "plain_writes_reason"):
            errors.append(checks.Error(f"{label}: {type(model_admin).__name__} is not a portal admin",
                                       obj=type(model_admin), id="core.E011"))
            continue
        if isinstance(model_admin, ServiceAdminMixin) and not _is_user_admin(model_admin):
            check(label, type(model_admin), ServiceAdminMixin)
        for inline in model_admin.inlines:
            check(label, inline, ServiceInlineMixin)
    return errors


def _is_user_admin(model_admin) -> bool:
    # The account admin keeps Django's auth forms; its saves go through core.services.user_admin_save
    # (its inlines are checked like any other).
    return model_admin.model is apps.get_model("core", "User")
