"""Survey spreadsheets (xlsx/CSV) in and out of the registry with django-import-export.

One row per record. Areas are given by DOPA subdistrict code (an unknown code is a
row error in Thai); categories by their code or Thai label; the producer group by its
slug. Optional columns holder_name, holder_role, holder_age, holder_contact add one knowledge
holder per row (no consent recorded: staff or the community record it per scope on the holder's consent
page). Imported rows become drafts compiled by the importing staff member; a row is matched to an
existing record by `slug` when given.

Every row is written by the record services (``record_create`` / ``record_update``, then
``holder_add``) with the importing user as the actor, so an import follows the same rules as the
form, the API and the admin; a preview (dry run) runs them too and is rolled back.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.widgets import CharWidget, ForeignKeyWidget

from core.models import ProducerGroup, Subdistrict

from . import services
from .choices import AccessLevel, Category
from .models import WisdomRecord


def _code(value) -> str:
    text = str(value if value is not None else "").strip()
    if text.endswith(".0"):  # spreadsheets turn codes into numbers
        text = text[:-2]
    return text


class SubdistrictCodeWidget(ForeignKeyWidget):
    def __init__(self):
        super().__init__(Subdistrict, field="code")

    def clean(self, value, row=None, **kwargs):
        code = _code(value)
        if not code:
            raise ValueError(_("ต้องระบุรหัสตำบล (6 หลัก เช่น 150305)"))
        try:
            return Subdistrict.objects.get(code=code)
        except Subdistrict.DoesNotExist as exc:
            raise ValueError(_("ไม่พบตำบลรหัส %(code)s") % {"code": code}) from exc

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class GroupSlugWidget(ForeignKeyWidget):
    def __init__(self):
        super().__init__(ProducerGroup, field="slug")

    def clean(self, value, row=None, **kwargs):
        slug = str(value or "").strip()
        if not slug:
            return None
        try:
            return ProducerGroup.objects.get(slug=slug)
        except ProducerGroup.DoesNotExist as exc:
            raise ValueError(_("ไม่พบกลุ่มผู้ผลิต “%(s)s”") % {"s": slug}) from exc


class ChoiceWidget(CharWidget):
    """Accepts a choice's code or its Thai label; exports the code."""

    def __init__(self, choices, *, default=None, label):
        super().__init__()
        self.choices, self.default, self.label = choices, default, label

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text and self.default:
            return self.default
        for code, name in self.choices:
            if text in (code, str(name)):
                return code
        raise ValueError(_("%(label)s “%(v)s” ไม่ถูกต้อง") % {"label": self.label, "v": text[:50]})


class WisdomRecordResource(resources.ModelResource):
    slug = fields.Field(attribute="slug", column_name="slug")
    subdistrict = fields.Field(attribute="subdistrict", column_name="subdistrict_code",
                               widget=SubdistrictCodeWidget())
    owner_group = fields.Field(attribute="owner_group", column_name="owner_group", widget=GroupSlugWidget())
    category = fields.Field(attribute="category", column_name="category",
                            widget=ChoiceWidget(Category.choices, label="หมวดหมู่"))
    access_level = fields.Field(attribute="access_level", column_name="access_level",
                                widget=ChoiceWidget(AccessLevel.choices, default=AccessLevel.PUBLIC,
                                                    label="ระดับการเข้าถึง"))
    status = fields.Field(attribute="status", column_name="status", readonly=True)

    class Meta:
        model = WisdomRecord
        import_id_fields = ["slug"]
        fields = ["slug", "title_th", "title_en", "category", "subdistrict", "village_no", "community_name",
                  "community_name_en", "owner_group", "access_level", "summary", "summary_en", "description",
                  "description_en", "background", "materials",
                  "sustainability_note", "transmission", "learners_count", "threats", "safeguarding_measures",
                  "customary_restrictions", "compiled_by", "compiled_place", "compiled_on", "lat", "lng",
                  "market_score", "uniqueness_score", "transferability_score", "material_score", "status"]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import(self, dataset, **kwargs):
        # Survey sheets usually have no slug column: rows without one become new records.
        if "slug" not in (dataset.headers or []):
            dataset.append_col([""] * dataset.height, header="slug")

    def before_import_row(self, row, **kwargs):
        if not str(row.get("slug") or "").strip():
            title = str(row.get("title_en") or "").strip() or str(row.get("title_th") or "").strip()
            row["slug"] = services.record_slug_for(title=title) if title else ""

    # Columns the record services take (everything but the slug, which matches rows, and the
    # read-only status).
    def _service_values(self, instance) -> dict:
        names = [f for f in self._meta.fields if f not in ("slug", "status")]
        return {name: getattr(instance, name) for name in names}

    def save_instance(self, instance, is_create, row, **kwargs):
        """Each row through the record service (never a plain save), the importer as the actor."""
        actor = kwargs.get("user")
        if actor is None:
            raise PermissionDenied(_("การนำเข้าต้องระบุผู้นำเข้า"))
        self.before_save_instance(instance, row, **kwargs)
        if not self._is_using_transactions(kwargs) and self._is_dry_run(kwargs):
            self.after_save_instance(instance, row, **kwargs)
            return
        values = self._service_values(instance)
        if is_create:
            saved = services.record_create(actor=actor, slug=instance.slug, **values)
        else:
            current = WisdomRecord.objects.get(pk=instance.pk)
            changed = {k: v for k, v in values.items() if getattr(current, k) != v}
            saved = services.record_update(actor=actor, record=current, **changed)
        instance.__dict__.update({k: v for k, v in saved.__dict__.items() if k != "_state"})
        instance._state.adding = False
        self.after_save_instance(instance, row, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        name = str(row.get("holder_name") or "").strip()
        if not name or instance.pk is None or instance.holders.filter(name=name).exists():
            return
        age = _code(row.get("holder_age"))
        if age and not age.isdigit():
            raise ValueError(_("อายุของปราชญ์ชาวบ้านต้องเป็นตัวเลข"))
        services.holder_add(actor=kwargs["user"], record=instance, name=name,
                            role=str(row.get("holder_role") or "").strip(), age=int(age) if age else None,
                            contact=str(row.get("holder_contact") or "").strip())
