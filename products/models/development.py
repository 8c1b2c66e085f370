"""The Quadrant D development pipeline: development projects (with their design choices and
before/after figures), one record per stage reached, files attached to a stage, and the log of
every stage move. Stages change only through products.services.project_move_stage."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import permissions
from core.models import DemoMarkedModel, PartnerOrganisation, ProducerGroup, TimeStampedModel

from ..choices import AttachmentKind, Stage
from .catalogue import Product


class DevelopmentProjectQuerySet(permissions.GroupOwnedQuerySet):
    """Projects are internal: staff and the owning group see and change them (GroupOwnedQuerySet,
    nothing public). A rule of its own on top: the partner organisation that designs a project
    (``partner``) also sees it — but may not change it."""

    def visible_to(self, user):
        if permissions.is_staff_user(user) or permissions.is_producer(user):
            return super().visible_to(user)
        org = permissions.partner_organisation_id(user)
        if org:
            return self.filter(partner_id=org)
        return self.none()


class DevelopmentProject(TimeStampedModel, DemoMarkedModel):
    """Takes one Quadrant D product (or a new product idea) through the pipeline stages."""

    group = models.ForeignKey(ProducerGroup, on_delete=models.PROTECT, related_name="development_projects",
                              verbose_name=_("กลุ่มผู้ผลิต"))
    product = models.ForeignKey(Product, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="development_projects", verbose_name=_("ผลิตภัณฑ์"))
    title = models.CharField(_("ชื่อโครงการ"), max_length=200)
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    stage = models.CharField(_("ขั้นตอน"), max_length=12, choices=Stage.choices, default=Stage.ASSESSMENT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("ผู้สร้าง"))
    idea = models.TextField(_("แนวคิด/ไอเดียผลิตภัณฑ์"), blank=True)
    # design
    designer_name = models.CharField(_("นักออกแบบ"), max_length=200, blank=True)
    partner = models.ForeignKey(PartnerOrganisation, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="development_projects", verbose_name=_("ภาคีเครือข่ายที่ร่วมออกแบบ"))
    design_ideas = models.TextField(_("แนวทางการออกแบบ"), blank=True)
    uses_packaging = models.BooleanField(_("บรรจุภัณฑ์"), default=False)
    uses_production_technique = models.BooleanField(_("เทคนิคการผลิต"), default=False)
    uses_food_safety = models.BooleanField(_("กระบวนการความปลอดภัยอาหาร"), default=False)
    uses_digital_tools = models.BooleanField(_("เครื่องมือดิจิทัล"), default=False)
    technology_notes = models.TextField(_("ภูมิปัญญาท้องถิ่น + เทคโนโลยีสมัยใหม่ที่ใช้"), blank=True)
    # market test
    market_feedback = models.TextField(_("ผลตอบรับจากการทดสอบตลาด"), blank=True)
    trial_units_sold = models.PositiveIntegerField(_("ยอดขายทดลอง (ชิ้น)"), null=True, blank=True)
    # before / after figures
    price_before = models.DecimalField(_("ราคา ก่อน (บาท)"), max_digits=10, decimal_places=2, null=True,
                                       blank=True, validators=[MinValueValidator(0)])
    price_after = models.DecimalField(_("ราคา หลัง (บาท)"), max_digits=10, decimal_places=2, null=True,
                                      blank=True, validators=[MinValueValidator(0)])
    monthly_units_before = models.IntegerField(_("ยอดขายต่อเดือน ก่อน (หน่วย)"), null=True, blank=True,
                                               validators=[MinValueValidator(0)])
    monthly_units_after = models.IntegerField(_("ยอดขายต่อเดือน หลัง (หน่วย)"), null=True, blank=True,
                                              validators=[MinValueValidator(0)])
    monthly_sales_before = models.DecimalField(_("ยอดขายต่อเดือน ก่อน (บาท)"), max_digits=12, decimal_places=2,
                                               null=True, blank=True, validators=[MinValueValidator(0)])
    monthly_sales_after = models.DecimalField(_("ยอดขายต่อเดือน หลัง (บาท)"), max_digits=12, decimal_places=2,
                                              null=True, blank=True, validators=[MinValueValidator(0)])
    unit_cost_before = models.DecimalField(_("ต้นทุนต่อหน่วย ก่อน (บาท)"), max_digits=10, decimal_places=2,
                                           null=True, blank=True, validators=[MinValueValidator(0)])
    unit_cost_after = models.DecimalField(_("ต้นทุนต่อหน่วย หลัง (บาท)"), max_digits=10, decimal_places=2,
                                          null=True, blank=True, validators=[MinValueValidator(0)])
    channels_before = models.IntegerField(_("ช่องทางจำหน่าย ก่อน"), null=True, blank=True,
                                          validators=[MinValueValidator(0)])
    channels_after = models.IntegerField(_("ช่องทางจำหน่าย หลัง"), null=True, blank=True,
                                         validators=[MinValueValidator(0)])
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = DevelopmentProjectQuerySet.as_manager()

    FIGURES = ["price", "monthly_units", "monthly_sales", "unit_cost", "channels"]

    class Meta:
        ordering = ["-fiscal_year", "title"]
        verbose_name = _("โครงการพัฒนาผลิตภัณฑ์")
        verbose_name_plural = _("โครงการพัฒนาผลิตภัณฑ์")
        constraints = [
            models.CheckConstraint(
                condition=Q(*[Q(**{f"{f}_{w}__gte": 0}) | Q(**{f"{f}_{w}__isnull": True})
                              for f in ["price", "monthly_units", "monthly_sales", "unit_cost", "channels"]
                              for w in ["before", "after"]]),
                name="project_figures_gte_0", violation_error_message=_("ตัวเลขก่อน/หลังต้องไม่ติดลบ")),
            models.CheckConstraint(condition=Q(fiscal_year__gte=2545, fiscal_year__lte=2700),
                                   name="project_fiscal_year_be",
                                   violation_error_message=_("ปีงบประมาณต้องเป็นปีพุทธศักราช")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("products:project_detail", kwargs={"pk": self.pk})

    @property
    def technologies(self) -> list[str]:
        return [str(self._meta.get_field(n).verbose_name) for n in
                ("uses_packaging", "uses_production_technique", "uses_food_safety", "uses_digital_tools")
                if getattr(self, n)]


# Stage records and the transition log: visible and editable with their project.
_ProjectChildQuerySet = permissions.scoped(permissions.ChildQuerySet, parent_field="project")


class StageRecord(TimeStampedModel, DemoMarkedModel):
    """One stage of a project: target date, the date it was reached, notes, who moved the project in."""

    project = models.ForeignKey(DevelopmentProject, on_delete=models.CASCADE, related_name="stage_records",
                                verbose_name=_("โครงการ"))
    stage = models.CharField(_("ขั้นตอน"), max_length=12, choices=Stage.choices)
    target_date = models.DateField(_("วันที่เป้าหมาย"), null=True, blank=True)
    actual_date = models.DateField(_("วันที่ดำเนินการจริง"), null=True, blank=True)
    notes = models.TextField(_("บันทึก"), blank=True)
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("ผู้เลื่อนขั้นตอน"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = _ProjectChildQuerySet.as_manager()

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("ขั้นตอนโครงการ")
        verbose_name_plural = _("ขั้นตอนโครงการ")
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="stagerecord_unique_project_stage",
                                    violation_error_message=_("โครงการนี้มีขั้นตอนนี้แล้ว")),
        ]

    def __str__(self):
        return f"{self.project} · {self.get_stage_display()}"

    @property
    def is_overdue(self) -> bool:
        return bool(self.target_date and not self.actual_date and self.target_date < timezone.localdate())


# Attachments: visible and editable with their stage record (so with the project).
_AttachmentQuerySet = permissions.scoped(permissions.ChildQuerySet, parent_field="stage_record")


class StageAttachment(TimeStampedModel, DemoMarkedModel):
    """A photo (re-encoded without EXIF) or PDF attached to a stage, e.g. the prototype photo."""

    protected_file_fields = ("file", "thumbnail")

    stage_record = models.ForeignKey(StageRecord, on_delete=models.CASCADE, related_name="attachments",
                                     verbose_name=_("ขั้นตอน"))
    kind = models.CharField(_("ชนิด"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("ไฟล์"), upload_to="products/stages/")
    thumbnail = models.ImageField(_("รูปย่อ"), upload_to="products/stages/thumbs/", blank=True)
    caption = models.CharField(_("คำอธิบาย"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("ผู้อัปโหลด"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = _AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["stage_record", "id"]
        verbose_name = _("ไฟล์แนบขั้นตอน")
        verbose_name_plural = _("ไฟล์แนบขั้นตอน")

    def __str__(self):
        return self.caption or self.file.name


class StageTransition(models.Model):
    """Log of every stage move (with the reason for skips and moves back)."""

    project = models.ForeignKey(DevelopmentProject, on_delete=models.CASCADE, related_name="transitions",
                                verbose_name=_("โครงการ"))
    from_stage = models.CharField(_("จากขั้นตอน"), max_length=12, choices=Stage.choices)
    to_stage = models.CharField(_("ไปขั้นตอน"), max_length=12, choices=Stage.choices)
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("ผู้เลื่อน"))
    moved_at = models.DateTimeField(_("เมื่อ"), default=timezone.now)
    reason = models.TextField(_("เหตุผล"), blank=True)

    objects = _ProjectChildQuerySet.as_manager()

    class Meta:
        ordering = ["project", "moved_at", "id"]
        verbose_name = _("ประวัติการเลื่อนขั้นตอน")
        verbose_name_plural = _("ประวัติการเลื่อนขั้นตอน")

    def __str__(self):
        return f"{self.project}: {self.from_stage} → {self.to_stage}"
