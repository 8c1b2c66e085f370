from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import permissions
from core.choices import OtopProductType
from core.models import DemoMarkedModel, PartnerOrganisation, ProducerGroup, TimeStampedModel

from .choices import AttachmentKind, MarketingSkill, PublishStatus, Stage, StandardKind

QUADRANT_CODES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]


class ProductQuerySet(permissions.ScopedQuerySet):
    def visible_to(self, user):
        """Published products for everyone; drafts to staff and the owning group."""
        if permissions.is_staff_user(user):
            return self.all()
        q = Q(status=PublishStatus.PUBLISHED)
        if permissions.is_producer(user):
            q |= Q(group_id__in=permissions.producer_group_ids(user))
        return self.filter(q)

    def editable_by(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_producer(user):
            return self.filter(group_id__in=permissions.producer_group_ids(user))
        return self.none()

    def published(self):
        return self.filter(status=PublishStatus.PUBLISHED)


class Product(TimeStampedModel, DemoMarkedModel):
    """An OTOP product of a producer group."""

    group = models.ForeignKey(ProducerGroup, on_delete=models.PROTECT, related_name="products",
                              verbose_name=_("กลุ่มผู้ผลิต"))
    name_th = models.CharField(_("ชื่อผลิตภัณฑ์ (ไทย)"), max_length=200)
    name_en = models.CharField(_("ชื่อผลิตภัณฑ์ (อังกฤษ)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    product_type = models.CharField(_("ประเภทผลิตภัณฑ์ OTOP"), max_length=20, choices=OtopProductType.choices)
    description = models.TextField(_("รายละเอียด"), blank=True)
    price = models.DecimalField(_("ราคา (บาท)"), max_digits=10, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0)])
    unit = models.CharField(_("หน่วย"), max_length=40, blank=True)
    wisdom_records = models.ManyToManyField("wisdom.WisdomRecord", blank=True, related_name="products",
                                            verbose_name=_("ภูมิปัญญาที่ใช้"))
    status = models.CharField(_("สถานะ"), max_length=12, choices=PublishStatus.choices,
                              default=PublishStatus.DRAFT)
    story = models.TextField(_("เรื่องราวและอัตลักษณ์"), blank=True,
                             help_text=_("ภูมิปัญญาท้องถิ่นและอัตลักษณ์ชุมชนที่ผลิตภัณฑ์นี้สืบทอด"))
    shop_address = models.CharField(_("หน้าร้าน/จุดจำหน่าย"), max_length=300, blank=True)
    online_shop_url = models.URLField(_("ร้านค้าออนไลน์"), blank=True)
    line_id = models.CharField(_("LINE"), max_length=80, blank=True)
    facebook_url = models.URLField(_("เพจ Facebook"), blank=True)
    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[wisdom_records])

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("ผลิตภัณฑ์ OTOP")
        verbose_name_plural = _("ผลิตภัณฑ์ OTOP")
        constraints = [
            models.UniqueConstraint(fields=["group", "name_th"], name="product_unique_name_in_group",
                                    violation_error_message=_("กลุ่มนี้มีผลิตภัณฑ์ชื่อนี้อยู่แล้ว")),
            models.CheckConstraint(condition=Q(price__gte=0) | Q(price__isnull=True), name="product_price_gte_0",
                                   violation_error_message=_("ราคาต้องไม่ติดลบ")),
        ]

    def __str__(self):
        return self.name_th

    def get_absolute_url(self):
        return reverse("products:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == PublishStatus.PUBLISHED


class _ProductChildQuerySet(permissions.ScopedQuerySet):
    """Rows that belong to one product: visible/editable with their product."""

    def visible_to(self, user):
        return self.filter(product__in=Product.objects.visible_to(user).values("pk"))

    def editable_by(self, user):
        return self.filter(product__in=Product.objects.editable_by(user).values("pk"))


class ProductPhoto(TimeStampedModel, DemoMarkedModel):
    """A photo of a product. Only a re-encoded copy without EXIF/GPS is stored, plus a thumbnail;
    both are served through core.files (never from a public path)."""

    protected_file_fields = ("image", "thumbnail")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos",
                                verbose_name=_("ผลิตภัณฑ์"))
    image = models.ImageField(_("รูปภาพ"), upload_to="products/photos/")
    thumbnail = models.ImageField(_("รูปย่อ"), upload_to="products/thumbs/", blank=True)
    caption = models.CharField(_("คำบรรยายภาพ"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = _ProductChildQuerySet.as_manager()

    class Meta:
        ordering = ["product", "position", "id"]
        verbose_name = _("รูปผลิตภัณฑ์")
        verbose_name_plural = _("รูปผลิตภัณฑ์")

    def __str__(self):
        return self.caption or f"{self.product} #{self.position}"


class Certification(TimeStampedModel, DemoMarkedModel):
    """A standard or certification a product holds (มผช., อย., GMP, Halal, GI…)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="certifications",
                                verbose_name=_("ผลิตภัณฑ์"))
    kind = models.CharField(_("มาตรฐาน"), max_length=10, choices=StandardKind.choices)
    kind_other = models.CharField(_("ชื่อมาตรฐาน (กรณีอื่น ๆ)"), max_length=100, blank=True)
    number = models.CharField(_("เลขที่"), max_length=80, blank=True)
    issued_on = models.DateField(_("วันที่ได้รับ"), null=True, blank=True)
    expires_on = models.DateField(_("วันหมดอายุ"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = _ProductChildQuerySet.as_manager()

    class Meta:
        ordering = ["product", "kind", "-expires_on"]
        verbose_name = _("มาตรฐาน/การรับรอง")
        verbose_name_plural = _("มาตรฐาน/การรับรอง")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(issued_on__isnull=True) | Q(expires_on__gte=F("issued_on")),
                name="certification_expiry_after_issue",
                violation_error_message=_("วันหมดอายุต้องไม่ก่อนวันที่ได้รับ")),
            models.CheckConstraint(condition=~Q(kind=StandardKind.OTHER) | ~Q(kind_other=""),
                                   name="certification_other_named",
                                   violation_error_message=_("กรุณาระบุชื่อมาตรฐาน")),
        ]

    def __str__(self):
        return f"{self.label} {self.number}".strip()

    @property
    def label(self) -> str:
        return self.kind_other if self.kind == StandardKind.OTHER else self.get_kind_display()

    @property
    def is_expired(self) -> bool:
        return bool(self.expires_on and self.expires_on < timezone.localdate())


class StarRating(TimeStampedModel, DemoMarkedModel):
    """OTOP Product Champion stars (1–5) of a product in the selection round of a year (B.E.)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="star_ratings",
                                verbose_name=_("ผลิตภัณฑ์"))
    year = models.PositiveSmallIntegerField(_("ปีที่คัดสรร (พ.ศ.)"),
                                            validators=[MinValueValidator(2545), MaxValueValidator(2700)])
    stars = models.PositiveSmallIntegerField(_("ระดับดาว"),
                                             validators=[MinValueValidator(1), MaxValueValidator(5)])
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = _ProductChildQuerySet.as_manager()

    class Meta:
        ordering = ["product", "-year"]
        verbose_name = _("ระดับดาว OTOP")
        verbose_name_plural = _("ระดับดาว OTOP")
        constraints = [
            models.UniqueConstraint(fields=["product", "year"], name="starrating_unique_product_year",
                                    violation_error_message=_("ผลิตภัณฑ์นี้มีระดับดาวของปีนี้แล้ว")),
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="starrating_stars_1_5",
                                   violation_error_message=_("ระดับดาวต้องอยู่ระหว่าง 1 ถึง 5")),
            models.CheckConstraint(condition=Q(year__gte=2545, year__lte=2700), name="starrating_year_be",
                                   violation_error_message=_("ปีต้องเป็นปีพุทธศักราช")),
        ]

    def __str__(self):
        return f"{self.product} {self.year}: {self.stars}★"


# --- Quadrant classification (tables staff edit) -----------------------------------


class _StaffTableQuerySet(permissions.ScopedQuerySet):
    """Reference tables: anyone may read them, only staff edit them."""

    def visible_to(self, user):
        return self.all()


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


class AssessmentQuerySet(permissions.ScopedQuerySet):
    def visible_to(self, user):
        """Staff and the owning group (assessments are internal, not public)."""
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_producer(user):
            return self.filter(product__group_id__in=permissions.producer_group_ids(user))
        return self.none()

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


class DevelopmentProjectQuerySet(permissions.ScopedQuerySet):
    def visible_to(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_producer(user):
            return self.filter(group_id__in=permissions.producer_group_ids(user))
        org = permissions.partner_organisation_id(user)
        if org:
            return self.filter(partner_id=org)
        return self.none()

    def editable_by(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_producer(user):
            return self.filter(group_id__in=permissions.producer_group_ids(user))
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


class _ProjectChildQuerySet(permissions.ScopedQuerySet):
    project_path = "project"

    def visible_to(self, user):
        return self.filter(**{f"{self.project_path}__in": DevelopmentProject.objects.visible_to(user).values("pk")})

    def editable_by(self, user):
        return self.filter(**{f"{self.project_path}__in": DevelopmentProject.objects.editable_by(user).values("pk")})


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


class _AttachmentQuerySet(_ProjectChildQuerySet):
    project_path = "stage_record__project"


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


# --- Online-marketing skills checklist ---------------------------------------------------


class GroupSkillQuerySet(permissions.ScopedQuerySet):
    def visible_to(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_producer(user):
            return self.filter(group_id__in=permissions.producer_group_ids(user))
        return self.none()

    editable_by = visible_to


class GroupMarketingSkill(TimeStampedModel, DemoMarkedModel):
    """A checked item of a group's online-marketing skills checklist, with its date."""

    group = models.ForeignKey(ProducerGroup, on_delete=models.CASCADE, related_name="marketing_skills",
                              verbose_name=_("กลุ่มผู้ผลิต"))
    skill = models.CharField(_("ทักษะ"), max_length=24, choices=MarketingSkill.choices)
    achieved_on = models.DateField(_("วันที่ทำได้"))
    evidence_url = models.URLField(_("ลิงก์หลักฐาน"), blank=True)
    training = models.ForeignKey("network.Event", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("การอบรมที่เข้าร่วม"))
    note = models.CharField(_("หมายเหตุ"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = GroupSkillQuerySet.as_manager()

    class Meta:
        ordering = ["group", "skill"]
        verbose_name = _("ทักษะการตลาดออนไลน์")
        verbose_name_plural = _("ทักษะการตลาดออนไลน์")
        constraints = [
            models.UniqueConstraint(fields=["group", "skill"], name="groupskill_unique_group_skill",
                                    violation_error_message=_("กลุ่มนี้บันทึกทักษะนี้แล้ว")),
        ]

    def __str__(self):
        return f"{self.group} · {self.get_skill_display()}"
