"""Quadrant classification: the tables staff edit (the quadrants A–D, the five-part segment
checklist and its options, the rules giving a quadrant) and the yearly assessments of products
with their answers, the computed quadrant and any staff override with its reason.
The classification itself is computed by products.services.quadrant_for_answers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import permissions
from core.models import DemoMarkedModel, TimeStampedModel

from .catalogue import Product

QUADRANT_CODES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]


class _StaffTableQuerySet(permissions.PublicReadQuerySet):
    """Classification tables: anyone may read them, only staff edit them."""


class Quadrant(models.Model):
    """A quadrant of CDD's OTOP segment scheme (A, B, C, D); staff edit the labels."""

    code = models.CharField(_("รหัส"), max_length=1, unique=True, choices=QUADRANT_CODES)
    name_th = models.CharField(_("ชื่อกลุ่ม"), max_length=120)
    description = models.TextField(_("คำอธิบาย"), blank=True)
    history = HistoricalRecords()

    objects = _StaffTableQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("กลุ่มผลิตภัณฑ์ (Quadrant)")
        verbose_name_plural = _("กลุ่มผลิตภัณฑ์ (Quadrant)")

    def __str__(self):
        return f"{self.code} — {self.name_th}"


class ChecklistPart(models.Model):
    """One of the five parts of the segment checklist (1 product standard … 5 market)."""

    number = models.PositiveSmallIntegerField(_("ข้อ"), unique=True)
    name_th = models.CharField(_("หัวข้อ"), max_length=120)
    history = HistoricalRecords()

    objects = _StaffTableQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("หัวข้อเกณฑ์ Segment")
        verbose_name_plural = _("หัวข้อเกณฑ์ Segment")

    def __str__(self):
        return f"{self.number}. {self.name_th}"


class ChecklistOption(models.Model):
    """A numbered option of a checklist part ("1.3 ยังไม่มีมาตรฐาน")."""

    part = models.ForeignKey(ChecklistPart, on_delete=models.CASCADE, related_name="options",
                             verbose_name=_("หัวข้อ"))
    code = models.CharField(_("รหัสตัวเลือก"), max_length=10, unique=True)
    text_th = models.CharField(_("ข้อความ"), max_length=300)
    position = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    history = HistoricalRecords()

    objects = _StaffTableQuerySet.as_manager()

    class Meta:
        ordering = ["part__number", "position", "code"]
        verbose_name = _("ตัวเลือกเกณฑ์ Segment")
        verbose_name_plural = _("ตัวเลือกเกณฑ์ Segment")

    def __str__(self):
        return f"{self.code} {self.text_th}"


class QuadrantRule(models.Model):
    """A rule giving a quadrant. It matches an assessment when, for every checklist part that has
    at least one of the rule's options, the answer to that part is one of them; parts without
    options are "whatever". Rules are tried in ascending priority; the first match wins."""

    quadrant = models.ForeignKey(Quadrant, on_delete=models.CASCADE, related_name="rules",
                                 verbose_name=_("กลุ่ม"))
    priority = models.PositiveSmallIntegerField(_("ลำดับการพิจารณา"), default=100,
                                                help_text=_("เลขน้อยพิจารณาก่อน กฎแรกที่ตรงเป็นผล"))
    options = models.ManyToManyField(ChecklistOption, related_name="rules", blank=True,
                                     verbose_name=_("ตัวเลือกที่เข้าเกณฑ์"))
    description = models.CharField(_("คำอธิบายกฎ"), max_length=300, blank=True)
    is_active = models.BooleanField(_("ใช้งาน"), default=True)
    history = HistoricalRecords(m2m_fields=[options])

    objects = _StaffTableQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = _("กฎการจัดกลุ่ม")
        verbose_name_plural = _("กฎการจัดกลุ่ม")

    def __str__(self):
        return f"{self.quadrant.code}: {self.description or self.pk}"


class AssessmentQuerySet(permissions.GroupOwnedQuerySet):
    """Assessments are internal, not public: staff and the owning group see them. A rule of its
    own for changes: only staff assess (the group may not change its own classification)."""

    group_path = "product__group"

    def editable_by(self, user):
        return self.all() if permissions.is_staff_user(user) else self.none()


class Assessment(TimeStampedModel, DemoMarkedModel):
    """Staff's segment assessment of a product for a fiscal year (B.E.)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="assessments",
                                verbose_name=_("ผลิตภัณฑ์"))
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    assessed_on = models.DateField(_("วันที่ประเมิน"), null=True, blank=True)
    notes = models.TextField(_("บันทึก"), blank=True)
    computed_quadrant = models.ForeignKey(Quadrant, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+", verbose_name=_("กลุ่มตามเกณฑ์"),
                                          help_text=_("ว่าง = ไม่ตรงกฎใด ต้องให้เจ้าหน้าที่พิจารณา"))
    override_quadrant = models.ForeignKey(Quadrant, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+", verbose_name=_("กลุ่มที่เจ้าหน้าที่กำหนด"))
    override_reason = models.TextField(_("เหตุผลที่กำหนดกลุ่มเอง"), blank=True)
    quadrant = models.ForeignKey(Quadrant, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="assessments", verbose_name=_("กลุ่ม (ผลสุดท้าย)"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("ผู้ประเมิน"))
    answers = models.ManyToManyField(ChecklistOption, through="AssessmentAnswer", related_name="+",
                                     verbose_name=_("คำตอบ"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["product", "-fiscal_year"]
        verbose_name = _("การประเมินกลุ่มผลิตภัณฑ์")
        verbose_name_plural = _("การประเมินกลุ่มผลิตภัณฑ์")
        constraints = [
            models.UniqueConstraint(fields=["product", "fiscal_year"], name="assessment_unique_product_year",
                                    violation_error_message=_("ผลิตภัณฑ์นี้มีผลการประเมินของปีงบประมาณนี้แล้ว")),
            models.CheckConstraint(condition=Q(fiscal_year__gte=2545, fiscal_year__lte=2700),
                                   name="assessment_fiscal_year_be",
                                   violation_error_message=_("ปีงบประมาณต้องเป็นปีพุทธศักราช")),
            models.CheckConstraint(condition=Q(override_quadrant__isnull=True) | ~Q(override_reason=""),
                                   name="assessment_override_has_reason",
                                   violation_error_message=_("กรุณาระบุเหตุผลที่กำหนดกลุ่มเอง")),
        ]

    def __str__(self):
        return f"{self.product} · {self.fiscal_year}"

    @property
    def is_overridden(self) -> bool:
        return self.override_quadrant_id is not None

    @property
    def needs_review(self) -> bool:
        return self.quadrant_id is None


class AssessmentAnswer(models.Model):
    """The option chosen for one checklist part in an assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answer_rows",
                                   verbose_name=_("การประเมิน"))
    part = models.ForeignKey(ChecklistPart, on_delete=models.PROTECT, related_name="+", verbose_name=_("หัวข้อ"))
    option = models.ForeignKey(ChecklistOption, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("ตัวเลือก"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["part__number"]
        verbose_name = _("คำตอบการประเมิน")
        verbose_name_plural = _("คำตอบการประเมิน")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "part"], name="assessmentanswer_one_per_part",
                                    violation_error_message=_("ตอบได้หัวข้อละหนึ่งตัวเลือก")),
        ]

    def __str__(self):
        return self.option.code
