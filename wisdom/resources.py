"""Survey spreadsheets (xlsx/CSV) in and out of the registry with django-import-export.

One row per record. Areas are given by DOPA subdistrict code (an unknown code is a
row error in Thai); categories by their code or Thai label; the producer group by its
slug. Optional columns holder_name, holder_role, holder_age, holder_contact add one knowledge
holder per row (consent pending until staff record it). Imported rows become drafts compiled by the importing staff member; a row is
matched to an existing record by `slug` when given.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.widgets import CharWidget, ForeignKeyWidget

from core.models import ProducerGroup, Subdistrict

from .choices import AccessLevel, Category, Status
from .models import WisdomRecord
from .services import _record_slug, holder_add


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
                  "owner_group", "access_level", "summary", "description", "background", "materials",
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
            row["slug"] = _record_slug(title) if title else ""

    def after_save_instance(self, instance, row, **kwargs):
        name = str(row.get("holder_name") or "").strip()
        if not name or instance.holders.filter(name=name).exists():
            return
        age = _code(row.get("holder_age"))
        if age and not age.isdigit():
            raise ValueError(_("อายุของปราชญ์ชาวบ้านต้องเป็นตัวเลข"))
        holder_add(record=instance, name=name, role=str(row.get("holder_role") or "").strip(),
                   age=int(age) if age else None, contact=str(row.get("holder_contact") or "").strip())

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            instance.status = Status.DRAFT
            user = kwargs.get("user")
            if user is not None and getattr(user, "pk", None):
                instance.created_by = user
