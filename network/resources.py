"""Spreadsheet import/export of the knowledge network (django-import-export), through the services.

Expert profiles: every imported row is written by ``expert_create`` / ``expert_update`` (and removed by
``expert_delete``) with the importing staff member as the actor, so an import follows the same rules as
the admin form and the API; the districts served (DOPA codes) go through ``expert_update`` too.
Registrations are exported only (they are made through ``registration_register``, which keeps the
capacity and the waitlist).
"""

from __future__ import annotations

from typing import Any

from import_export import widgets

from core.resources import ServiceResource

from . import services
from .models import ExpertProfile

EXPERT_FIELDS = ("name", "title", "expertise", "organisation", "bio", "languages", "contact_preference", "email",
                 "phone", "line_id", "visibility", "is_active", "user")


class ExpertProfileResource(ServiceResource):
    create_service = services.expert_create
    update_service = services.expert_update
    delete_service = services.expert_delete
    instance_kwarg = "expert"
    service_fields = EXPERT_FIELDS

    class Meta:
        model = ExpertProfile
        skip_unchanged = True
        report_skipped = True

    def save_m2m(self, instance: Any, row: Any, **kwargs: Any) -> None:
        if self._skip(kwargs):
            return
        for field in self.get_import_fields():
            if not isinstance(field.widget, widgets.ManyToManyWidget) or field.column_name not in row:
                continue
            values = list(field.clean(row, **kwargs) or [])
            self._call(services.expert_update, actor=kwargs["user"], expert=instance,
                       **{field.attribute: values})
