"""Back-office for CDD staff. Writes that carry rules go through products.services."""

import copy

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import PortalImportExportAdmin, PortalModelAdmin, PortalTabularInline

from . import services
from .choices import PublishStatus, Stage
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


class PhotoInline(PortalTabularInline):
    model = ProductPhoto
    extra = 0
    fields = ["position", "caption", "image", "thumbnail"]
    readonly_fields = ["image", "thumbnail"]

    def has_add_permission(self, request, obj=None):
        return False  # photos are added through the service (EXIF stripped): producer page or API


class CertificationInline(PortalTabularInline):
    model = Certification
    extra = 0
    fields = ["kind", "kind_other", "number", "issued_on", "expires_on"]


class StarRatingInline(PortalTabularInline):
    model = StarRating
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


class ProductAdminForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ["group", "name_th", "name_en", "product_type", "description", "story", "price", "unit",
                  "wisdom_records", "status", "shop_address", "online_shop_url", "line_id", "facebook_url"]

    def clean(self):
        data = super().clean()
        if data.get("status") == PublishStatus.PUBLISHED:
            # The same consent rule as product_publish, checked over the links being saved.
            from wisdom.selectors import consent_blockers

            blockers = consent_blockers(list(data.get("wisdom_records") or []))
            if blockers:
                raise ValidationError([_("เผยแพร่ไม่ได้: %(r)s") % {"r": r} for r in blockers.values()])
        return data


@admin.register(Product)
class ProductAdmin(PortalImportExportAdmin):
    form = ProductAdminForm
    list_display = ["name_th", "group", "product_type", "price", "status", "latest_quadrant", "is_demo"]
    list_filter = ["status", "product_type", "group__subdistrict__district", QuadrantInYearFilter, "is_demo"]
    search_fields = ["name_th", "name_en", "group__name_th"]
    list_select_related = ["group"]
    autocomplete_fields = ["group"]
    filter_horizontal = ["wisdom_records"]
    readonly_fields = ["slug", "published_at", "is_demo", "created_at", "updated_at"]
    inlines = [PhotoInline, CertificationInline, StarRatingInline]
    actions = ["publish_selected"]

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

    def save_model(self, request, obj, form, change):
        if not change:
            obj.slug = services._product_slug(obj.name_en or obj.name_th)
        if obj.status == PublishStatus.PUBLISHED and obj.published_at is None:
            from django.utils import timezone

            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("เผยแพร่ผลิตภัณฑ์ที่เลือก (ตรวจความยินยอมภูมิปัญญา)"))
    def publish_selected(self, request, queryset):
        for product in queryset:
            try:
                services.product_publish(user=request.user, product=product)
            except ValidationError as exc:
                self.message_user(request, f"{product}: {' '.join(exc.messages)}", messages.ERROR)


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
    actions = ["recompute"]

    def save_model(self, request, obj, form, change):
        try:
            saved = services.assessment_record(
                user=request.user, product=form.cleaned_data["product"],
                fiscal_year=form.cleaned_data["fiscal_year"], answers=form.answers(),
                notes=form.cleaned_data.get("notes", ""), assessed_on=form.cleaned_data.get("assessed_on"),
                override_quadrant=form.cleaned_data.get("override_quadrant"),
                override_reason=form.cleaned_data.get("override_reason", ""))
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return
        obj.pk = saved.pk

    @admin.action(description=_("คำนวณกลุ่มใหม่ตามตารางกฎปัจจุบัน"))
    def recompute(self, request, queryset):
        for assessment in queryset:
            services.assessment_recompute(user=request.user, assessment=assessment)


class OptionInline(PortalTabularInline):
    model = ChecklistOption
    extra = 0
    fields = ["code", "text_th", "position"]


@admin.register(ChecklistPart)
class ChecklistPartAdmin(PortalModelAdmin):
    list_display = ["number", "name_th"]
    list_filter = []
    search_fields = ["name_th"]
    list_select_related = []
    inlines = [OptionInline]


@admin.register(ChecklistOption)
class ChecklistOptionAdmin(PortalModelAdmin):
    list_display = ["code", "text_th", "part"]
    list_filter = ["part"]
    search_fields = ["code", "text_th"]
    list_select_related = ["part"]


@admin.register(Quadrant)
class QuadrantAdmin(PortalModelAdmin):
    list_display = ["code", "name_th"]
    list_filter = []
    search_fields = ["name_th"]
    list_select_related = []


@admin.register(QuadrantRule)
class QuadrantRuleAdmin(PortalModelAdmin):
    list_display = ["quadrant", "priority", "description", "is_active"]
    list_filter = ["quadrant", "is_active"]
    search_fields = ["description"]
    list_select_related = ["quadrant"]
    filter_horizontal = ["options"]


class StageRecordInline(PortalTabularInline):
    model = StageRecord
    extra = 0
    fields = ["stage", "target_date", "actual_date", "moved_by", "notes"]
    readonly_fields = ["stage", "actual_date", "moved_by"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TransitionInline(PortalTabularInline):
    model = StageTransition
    extra = 0
    fields = ["moved_at", "from_stage", "to_stage", "moved_by", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ProjectAdminForm(forms.ModelForm):
    user = None  # set by DevelopmentProjectAdmin.get_form
    move_reason = forms.CharField(label=_("เหตุผลในการข้าม/ย้อนขั้นตอน"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))

    class Meta:
        model = DevelopmentProject
        fields = ["group", "product", "title", "fiscal_year", "stage", "partner",
                  *sorted(services.PROJECT_FIELDS - {"title", "product", "fiscal_year", "partner"})]

    def clean(self):
        """A stage change is checked with the service's rule before anything is saved, over the
        project as edited on this form, so a refused move saves none of the other edits."""
        data = super().clean()
        new_stage = data.get("stage")
        if self.instance.pk and new_stage and new_stage != self.instance.stage and self.user is not None:
            candidate = copy.copy(self.instance)
            for name, value in data.items():
                field = next((f for f in DevelopmentProject._meta.concrete_fields if f.name == name), None)
                if field is not None and name != "stage":
                    setattr(candidate, name, value)
            try:
                services.project_stage_move_check(user=self.user, project=candidate, to_stage=new_stage,
                                                  reason=data.get("move_reason", ""))
            except (ValidationError, PermissionDenied) as exc:
                raise ValidationError(getattr(exc, "messages", None) or [str(exc)]) from exc
        return data


@admin.register(DevelopmentProject)
class DevelopmentProjectAdmin(PortalModelAdmin):
    """Changing `stage` here goes through services.project_move_stage (same rules as the page/API)."""

    form = ProjectAdminForm
    list_display = ["title", "group", "product", "fiscal_year", "stage", "is_demo"]
    list_filter = ["stage", "fiscal_year", "group__subdistrict__district", "is_demo"]
    search_fields = ["title", "group__name_th", "product__name_th"]
    list_select_related = ["group", "product"]
    autocomplete_fields = ["group", "product", "partner"]
    readonly_fields = ["is_demo", "created_at", "updated_at"]
    inlines = [StageRecordInline, TransitionInline]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def save_model(self, request, obj, form, change):
        new_stage = obj.stage
        if not change:
            fields = {k: v for k, v in form.cleaned_data.items()
                      if k in services.PROJECT_FIELDS and k not in ("title", "fiscal_year", "product")}
            project = services.project_create(user=request.user, group=obj.group, title=obj.title,
                                              fiscal_year=obj.fiscal_year, product=obj.product, **fields)
            obj.pk = project.pk
            obj.stage = Stage.ASSESSMENT
            obj._state.adding = False
            return
        old_stage = DevelopmentProject.objects.values_list("stage", flat=True).get(pk=obj.pk)
        obj.stage = old_stage
        super().save_model(request, obj, form, change)
        if new_stage != old_stage:
            try:
                services.project_move_stage(user=request.user, project=obj, to_stage=new_stage,
                                            reason=form.cleaned_data.get("move_reason", ""))
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])), messages.ERROR)
            obj.refresh_from_db()


@admin.register(GroupMarketingSkill)
class GroupMarketingSkillAdmin(PortalModelAdmin):
    list_display = ["group", "skill", "achieved_on", "training", "is_demo"]
    list_filter = ["skill", "group__subdistrict__district", "is_demo"]
    search_fields = ["group__name_th", "note"]
    list_select_related = ["group", "training"]
    autocomplete_fields = ["group"]


@admin.register(Certification)
class CertificationAdmin(PortalModelAdmin):
    list_display = ["product", "kind", "number", "expires_on", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["product__name_th", "number"]
    list_select_related = ["product"]
