from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import permissions
from core.choices import OtopProductType
from core.models import DemoMarkedModel, ProducerGroup, TimeStampedModel

from .choices import PublishStatus, Stage


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


class DevelopmentProjectQuerySet(permissions.ScopedQuerySet):
    def visible_to(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_producer(user):
            return self.filter(group_id__in=permissions.producer_group_ids(user))
        return self.none()

    def editable_by(self, user):
        return self.visible_to(user)


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
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = DevelopmentProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "title"]
        verbose_name = _("โครงการพัฒนาผลิตภัณฑ์")
        verbose_name_plural = _("โครงการพัฒนาผลิตภัณฑ์")

    def __str__(self):
        return self.title
