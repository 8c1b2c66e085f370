"""Spreadsheet imports (django-import-export) through the services.

import-export would save and delete each row itself; a ServiceResource hands every row to the app's
services instead, with the importing staff member as ``actor``, so an imported row obeys the same rules
as one typed on a page. A row a service refuses is reported as that row's error (the import is atomic).
"""

from __future__ import annotations

from typing import Any

from import_export import resources


class ServiceResource(resources.ModelResource):
    """A ModelResource whose saves and deletes call ``create_service`` / ``update_service`` /
    ``delete_service`` (each with ``actor=`` the importing user; update and delete with
    ``<instance_kwarg>=`` the row)."""

    create_service: Any = None
    update_service: Any = None
    delete_service: Any = None
    instance_kwarg = ""
    service_fields: tuple[str, ...] = ()  # what the services take from a row (the export has every column)

    @staticmethod
    def _call(func: Any, **kwargs: Any) -> Any:
        return getattr(func, "__func__", func)(**kwargs)

    def _values(self, instance: Any) -> dict[str, Any]:
        return {name: getattr(instance, name) for name in self.service_fields}

    def _skip(self, kwargs: dict[str, Any]) -> bool:
        return not self._is_using_transactions(kwargs) and self._is_dry_run(kwargs)

    def save_instance(self, instance, is_create, row, **kwargs):
        self.before_save_instance(instance, row, **kwargs)
        if not self._skip(kwargs):
            actor = kwargs["user"]
            if is_create:
                saved = self._call(self.create_service, actor=actor, **self._values(instance))
            else:
                original = type(instance)._default_manager.get(pk=instance.pk)
                saved = self._call(self.update_service, actor=actor, **{self.instance_kwarg: original},
                                   **self._values(instance))
            instance.__dict__.update(saved.__dict__)
        self.after_save_instance(instance, row, **kwargs)

    def delete_instance(self, instance, row, **kwargs):
        self.before_delete_instance(instance, row, **kwargs)
        if not self._skip(kwargs):
            self._call(self.delete_service, actor=kwargs["user"], **{self.instance_kwarg: instance})
        self.after_delete_instance(instance, row, **kwargs)
