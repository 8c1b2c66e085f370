"""Back-office for CDD staff. The admin is a caller like any other: every save, delete, inline row
and status change goes through products.services (core.admin.ServiceAdminMixin routes them there),
so the consent rule, the photo pipeline, the quadrant rule and the stage rule hold here too."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import PortalImportExportAdmin, PortalModelAdmin, PortalTabularInline
from core.resources import ServiceResource

from . import services
from .models import (
    Assessment,
    Certification,
    ChecklistOption,
    ChecklistPart,
    DevelopmentProject,
    GroupMarketingSkill,
    Product,
    ProductPhoto,
    Quadrant,
    QuadrantRule,
    StageRecord,
    StageTransition,
    StarRating,
)


def _run_on_each(model_admin, request, queryset, service, kwarg: str) -> None:
    """An admin action: call `service(actor=, <kwarg>=obj)` for each selected row; a refused row is
    reported with the service's reason and the others go ahead."""
    for obj in queryset:
        try:
            service(actor=request.user, **{kwarg: obj})
        except (ValidationError, PermissionDenied) as exc:
            reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            model_admin.message_user(request, f"{obj}: {reason}", messages.ERROR)


class PhotoInline(PortalTabularInline):
    model = ProductPhoto
    update_service = services.product_photo_update
    delete_service = services.product_photo_delete
    instance_kwarg = "photo"
    extra = 0
    fields = ["position", "caption", "image", "thumbnail"]
    readonly_fields = ["image", "thumbnail"]

    def has_add_permission(self, request, obj=None):
        return False  # photos are added through the service (EXIF stripped): producer page or API


class CertificationInline(PortalTabularInline):
    model = Certification
    create_service = services.certification_add
    update_service = services.certification_update
    delete_service = services.certification_delete
    instance_kwarg = "certification"
    extra = 0
    fields = ["kind", "kind_other", "number", "issued_on", "expires_on"]


class StarRatingInline(PortalTabularInline):
    model = StarRating
    create_service = services.star_rating_set
    update_service = services.star_rating_update
    delete_service = services.star_rating_delete
    instance_kwarg = "rating"
    extra = 0
    fields = ["year", "stars"]


class QuadrantInYearFilter(admin.SimpleListFilter):
    """Products by quadrant in one fiscal year (the same assessment row, not any year's)."""

    title = _("กลุ่ม (Quadrant) ตามปีงบประมาณ")
    parameter_name = "quadrant_year"

    def lookups(self, request, model_admin):
        years = Assessment.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()[:4]
        codes = list(Quadrant.objects.values_list("code", flat=True)) + ["none"]
        return [(f"{y}:{c}", f"{y} · {c if c != 'none' else _('ยังไม่จัดกลุ่ม')}") for y in years for c in codes]

    def queryset(self, request, queryset):
        if not self.value() or ":" not in self.value():
            return queryset
        year, code = self.value().split(":", 1)
        if not year.isdigit():
            return queryset
        rows = Assessment.objects.filter(fiscal_year=int(year))
        rows = rows.filter(quadrant__isnull=True) if code == "none" else rows.filter(quadrant__code=code)
        return queryset.filter(pk__in=rows.values("product_id"))


class ProductResource(ServiceResource):
    """Spreadsheet import/export of products; imported rows go through product_create/update."""

    create_service = services.product_create
    update_service = services.product_update
    delete_service = services.product_delete
    instance_kwarg = "product"
    service_fields = ("group", "name_th", "name_en", "product_type", "description", "description_en", "story",
                      "story_en", "price", "unit", "unit_en",
                      "shop_address", "online_shop_url", "line_id", "facebook_url")

    class Meta:
        model = Product


@admin.register(Product)
class ProductAdmin(PortalImportExportAdmin):
    """The status is read-only: products are published by the action (services.product_publish,
    which checks the wisdom holders' consent) and taken back to draft by the other action."""

    create_service = services.product_create
    update_service = services.product_update
    delete_service = services.product_delete
    instance_kwarg = "product"
    status_fields = ("status",)
    resource_classes = [ProductResource]
    list_display = ["name_th", "group", "product_type", "price", "status", "latest_quadrant", "is_demo"]
    list_filter = ["status", "product_type", "group__subdistrict__district", QuadrantInYearFilter, "is_demo"]
    search_fields = ["name_th", "name_en", "group__name_th"]
    list_select_related = ["group"]
    autocomplete_fields = ["group"]
    filter_horizontal = ["wisdom_records"]
    readonly_fields = ["slug", "published_at", "is_demo", "created_at", "updated_at"]
    inlines = [PhotoInline, CertificationInline, StarRatingInline]
    actions = ["publish_selected", "unpublish_selected"]

    def get_queryset(self, request):
        from django.db.models import OuterRef, Subquery

        latest = Assessment.objects.filter(product=OuterRef("pk")).order_by("-fiscal_year")
        return super().get_queryset(request).annotate(
            _latest_quadrant=Subquery(latest.values("quadrant__code")[:1]),
            _latest_year=Subquery(latest.values("fiscal_year")[:1]))

    @admin.display(description=_("กลุ่มล่าสุด"))
    def latest_quadrant(self, obj):
        if not obj._latest_year:
            return "—"
        return f"{obj._latest_quadrant or '?'} ({obj._latest_year})"

    @admin.action(description=_("เผยแพร่ผลิตภัณฑ์ที่เลือก (ตรวจความยินยอมภูมิปัญญา)"))
    def publish_selected(self, request, queryset):
        _run_on_each(self, request, queryset, services.product_publish, "product")

    @admin.action(description=_("ยกเลิกการเผยแพร่ผลิตภัณฑ์ที่เลือก"))
    def unpublish_selected(self, request, queryset):
        _run_on_each(self, request, queryset, services.product_unpublish, "product")


class AssessmentAdminForm(forms.ModelForm):
    """One choice per checklist part; the quadrant is computed by services.assessment_record."""

    class Meta:
        model = Assessment
        fields = ["product", "fiscal_year", "assessed_on", "notes", "override_quadrant", "override_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = {}
        if self.instance.pk:
            chosen = {row.part_id: row.option_id for row in self.instance.answer_rows.all()}
        for part in ChecklistPart.objects.prefetch_related("options"):
            self.fields[f"part_{part.pk}"] = forms.ModelChoiceField(
                queryset=part.options.all(), label=str(part), initial=chosen.get(part.pk))

    def answers(self):
        return [v for k, v in self.cleaned_data.items() if k.startswith("part_")]


@admin.register(Assessment)
class AssessmentAdmin(PortalModelAdmin):
    form = AssessmentAdminForm
    list_display = ["product", "fiscal_year", "quadrant", "computed_quadrant", "override_quadrant", "assessed_on",
                    "is_demo"]
    list_filter = ["fiscal_year", "quadrant", "product__group__subdistrict__district", "is_demo"]
    search_fields = ["product__name_th", "product__group__name_th", "notes"]
    list_select_related = ["product", "quadrant", "computed_quadrant", "override_quadrant"]
    autocomplete_fields = ["product"]
    delete_service = services.assessment_delete
    instance_kwarg = "assessment"
    actions = ["recompute"]

    def save_model(self, request, obj, form, change):
        """Adding and changing both record the year's assessment through services.assessment_record
        (answers from the per-part choices, the quadrant computed by the rule); its ValidationError
        is shown on the form and nothing is saved."""
        saved = services.assessment_record(
            actor=request.user, product=form.cleaned_data["product"],
            fiscal_year=form.cleaned_data["fiscal_year"], answers=form.answers(),
            notes=form.cleaned_data.get("notes", ""), assessed_on=form.cleaned_data.get("assessed_on"),
            override_quadrant=form.cleaned_data.get("override_quadrant"),
            override_reason=form.cleaned_data.get("override_reason", ""))
        self._adopt(obj, saved)

    @admin.action(description=_("คำนวณกลุ่มใหม่ตามตารางกฎปัจจุบัน"))
    def recompute(self, request, queryset):
        _run_on_each(self, request, queryset, services.assessment_recompute, "assessment")


class OptionInline(PortalTabularInline):
    model = ChecklistOption
    create_service = services.checklist_option_create
    update_service = services.checklist_option_update
    delete_service = services.checklist_option_delete
    instance_kwarg = "option"
    extra = 0
    fields = ["code", "text_th", "position"]


@admin.register(ChecklistPart)
class ChecklistPartAdmin(PortalModelAdmin):
    create_service = services.checklist_part_create
    update_service = services.checklist_part_update
    delete_service = services.checklist_part_delete
    instance_kwarg = "part"
    list_display = ["number", "name_th"]
    list_filter = []
    search_fields = ["name_th"]
    list_select_related = []
    inlines = [OptionInline]


@admin.register(ChecklistOption)
class ChecklistOptionAdmin(PortalModelAdmin):
    create_service = services.checklist_option_create
    update_service = services.checklist_option_update
    delete_service = services.checklist_option_delete
    instance_kwarg = "option"
    list_display = ["code", "text_th", "part"]
    list_filter = ["part"]
    search_fields = ["code", "text_th"]
    list_select_related = ["part"]


@admin.register(Quadrant)
class QuadrantAdmin(PortalModelAdmin):
    create_service = services.quadrant_create
    update_service = services.quadrant_update
    delete_service = services.quadrant_delete
    instance_kwarg = "quadrant"
    list_display = ["code", "name_th"]
    list_filter = []
    search_fields = ["name_th"]
    list_select_related = []


@admin.register(QuadrantRule)
class QuadrantRuleAdmin(PortalModelAdmin):
    """Rules are read by services.quadrant_for_answers; recorded assessments keep their result until
    staff recompute them (the assessment admin's action)."""

    create_service = services.quadrant_rule_create
    update_service = services.quadrant_rule_update
    delete_service = services.quadrant_rule_delete
    instance_kwarg = "rule"
    list_display = ["quadrant", "priority", "description", "is_active"]
    list_filter = ["quadrant", "is_active"]
    search_fields = ["description"]
    list_select_related = ["quadrant"]
    filter_horizontal = ["options"]


class StageRecordInline(PortalTabularInline):
    model = StageRecord
    update_service = services.stage_record_update
    instance_kwarg = "record"
    extra = 0
    fields = ["stage", "target_date", "actual_date", "moved_by", "notes"]
    readonly_fields = ["stage", "actual_date", "moved_by"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # every project has its six stage records from services.project_create

    def has_delete_permission(self, request, obj=None):
        return False


class TransitionInline(PortalTabularInline):
    model = StageTransition
    extra = 0
    fields = ["moved_at", "from_stage", "to_stage", "moved_by", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # the log is written by services.project_move_stage only

    def has_delete_permission(self, request, obj=None):
        return False


class ProjectAdminForm(forms.ModelForm):
    move_reason = forms.CharField(label=_("เหตุผลในการข้าม/ย้อนขั้นตอน"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))

    class Meta:
        model = DevelopmentProject
        fields = ["group", "product", "title", "fiscal_year", "stage", "partner",
                  *sorted(services.PROJECT_FIELDS - {"title", "product", "fiscal_year", "partner"})]


@admin.register(DevelopmentProject)
class DevelopmentProjectAdmin(PortalModelAdmin):
    """Saved through services.project_create / project_update. A changed `stage` is a stage move:
    project_update applies the one rule (services.project_move_stage, with the reason typed in
    "move_reason") over the project as edited, and a refused move saves none of the other edits
    (the service's reason is shown on the form). New projects start at the assessment stage."""

    form = ProjectAdminForm
    create_service = services.project_create
    update_service = services.project_update
    delete_service = services.project_delete
    instance_kwarg = "project"
    list_display = ["title", "group", "product", "fiscal_year", "stage", "is_demo"]
    list_filter = ["stage", "fiscal_year", "group__subdistrict__district", "is_demo"]
    search_fields = ["title", "group__name_th", "product__name_th"]
    list_select_related = ["group", "product"]
    autocomplete_fields = ["group", "product", "partner"]
    readonly_fields = ["is_demo", "created_at", "updated_at"]
    inlines = [StageRecordInline, TransitionInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # a new project starts at the first stage (later moves go through the stage rule)
        return fields if obj is not None else [*fields, "stage"]

    def _form_values(self, form, names, exclude=()):
        values = super()._form_values(form, names, exclude)
        if "stage" in values:
            values["reason"] = form.cleaned_data.get("move_reason", "")
        return values


@admin.register(GroupMarketingSkill)
class GroupMarketingSkillAdmin(PortalModelAdmin):
    create_service = services.marketing_skill_set
    update_service = services.marketing_skill_update
    delete_service = services.marketing_skill_delete
    instance_kwarg = "item"
    list_display = ["group", "skill", "achieved_on", "training", "is_demo"]
    list_filter = ["skill", "group__subdistrict__district", "is_demo"]
    search_fields = ["group__name_th", "note"]
    list_select_related = ["group", "training"]
    autocomplete_fields = ["group"]


@admin.register(Certification)
class CertificationAdmin(PortalModelAdmin):
    create_service = services.certification_add
    update_service = services.certification_update
    delete_service = services.certification_delete
    instance_kwarg = "certification"
    list_display = ["product", "kind", "number", "expires_on", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["product__name_th", "number"]
    list_select_related = ["product"]
