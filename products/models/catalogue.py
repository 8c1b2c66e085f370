"""The OTOP catalogue: products of producer groups (with their story, the wisdom they use and where
to buy them), their photos, the standards and certifications they hold (with expiry), and their
OTOP Product Champion stars by year. Photos, standards and stars are visible and editable with
their product."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import permissions
from core.choices import OtopProductType
from core.models import DemoMarkedModel, ProducerGroup, TimeStampedModel
from core.photos import PhotoBase
from core.urlcache import reverse  # memoised django.urls.reverse (a list asks for the same URLs per request)

from ..choices import PublishStatus, StandardKind


class ProductQuerySet(permissions.GroupOwnedQuerySet):
    """Published products for everyone; drafts too for staff and the owning group, who change them."""

    public_q = Q(status=PublishStatus.PUBLISHED)

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
    description_en = models.TextField(_("รายละเอียด (อังกฤษ)"), blank=True)
    price = models.DecimalField(_("ราคา (บาท)"), max_digits=10, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0)])
    unit = models.CharField(_("หน่วย"), max_length=40, blank=True)
    unit_en = models.CharField(_("หน่วย (อังกฤษ)"), max_length=40, blank=True, help_text=_("เช่น piece, box"))
    wisdom_records = models.ManyToManyField("wisdom.WisdomRecord", blank=True, related_name="products",
                                            verbose_name=_("ภูมิปัญญาที่ใช้"))
    status = models.CharField(_("สถานะ"), max_length=12, choices=PublishStatus.choices,
                              default=PublishStatus.DRAFT)
    story = models.TextField(_("เรื่องราวและอัตลักษณ์"), blank=True,
                             help_text=_("ภูมิปัญญาท้องถิ่นและอัตลักษณ์ชุมชนที่ผลิตภัณฑ์นี้สืบทอด"))
    story_en = models.TextField(_("เรื่องราวและอัตลักษณ์ (อังกฤษ)"), blank=True)
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
        # The orders the public pages read the first rows in (the list by name, the home page's latest), so
        # PostgreSQL reads those rows from an index instead of sorting every published product.
        indexes = [models.Index(fields=["status", "name_th"], name="product_status_name"),
                   models.Index(fields=["status", "-published_at", "-id"], name="product_status_latest")]

    def __str__(self):
        return self.name_th

    def get_absolute_url(self):
        return reverse("products:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == PublishStatus.PUBLISHED


# Photos, standards and stars: visible and editable with their product.
_ProductChildQuerySet = permissions.scoped(permissions.ChildQuerySet, parent_field="product")


class ProductPhoto(PhotoBase):
    """A photo of a product (core.photos.PhotoBase): only a re-encoded copy without EXIF/GPS is
    stored, plus a thumbnail; both are served through core.files (never from a public path).
    Stored only through core.photos.store_photo (products.services.product_photo_add)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos",
                                verbose_name=_("ผลิตภัณฑ์"))
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
