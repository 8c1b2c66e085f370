from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import permissions
from core.models import DemoMarkedModel, ProducerGroup, Subdistrict, TimeStampedModel

from .choices import AccessLevel, Category, ConsentStatus, Status


class WisdomRecordQuerySet(permissions.ScopedQuerySet):
    def visible_to(self, user):
        """Staff: all. Others: published records at their protocol level; restricted
        ones only to the owning community (members of the owner group). Producers
        also see their own unpublished drafts and submissions."""
        if permissions.is_staff_user(user):
            return self.all()
        levels = [AccessLevel.PUBLIC]
        if permissions.is_member(user):
            levels.append(AccessLevel.MEMBERS)
        published = Q(status=Status.PUBLISHED, access_level__in=levels)
        if permissions.is_producer(user):
            groups = permissions.producer_group_ids(user)
            published |= Q(status=Status.PUBLISHED, owner_group_id__in=groups)
            published |= Q(created_by=user) | Q(owner_group_id__in=groups)
        return self.filter(published)

    def editable_by(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_producer(user):
            return self.filter(Q(created_by=user) | Q(owner_group_id__in=permissions.producer_group_ids(user)),
                               status=Status.DRAFT)
        return self.none()


class WisdomRecord(TimeStampedModel, DemoMarkedModel):
    """A record of local wisdom (ภูมิปัญญาท้องถิ่น)."""

    title_th = models.CharField(_("ชื่อภูมิปัญญา (ไทย)"), max_length=200)
    title_en = models.CharField(_("ชื่อภูมิปัญญา (อังกฤษ)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    category = models.CharField(_("หมวดหมู่"), max_length=20, choices=Category.choices)
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, related_name="wisdom_records",
                                    verbose_name=_("ตำบล"))
    village_no = models.PositiveSmallIntegerField(
        _("หมู่ที่"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(40)])
    community_name = models.CharField(_("ชุมชน"), max_length=200, blank=True)
    owner_group = models.ForeignKey(ProducerGroup, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="wisdom_records", verbose_name=_("กลุ่ม/ชุมชนเจ้าของ"))
    summary = models.TextField(_("สรุปย่อ"), blank=True)
    status = models.CharField(_("สถานะ"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    access_level = models.CharField(_("ระดับการเข้าถึง"), max_length=12, choices=AccessLevel.choices,
                                    default=AccessLevel.PUBLIC)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="wisdom_records_created", verbose_name=_("ผู้บันทึก"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = WisdomRecordQuerySet.as_manager()

    class Meta:
        ordering = ["title_th"]
        verbose_name = _("ภูมิปัญญาท้องถิ่น")
        verbose_name_plural = _("ภูมิปัญญาท้องถิ่น")

    def __str__(self):
        return self.title_th

    def get_absolute_url(self):
        return reverse("wisdom:detail", kwargs={"slug": self.slug})


class KnowledgeHolder(TimeStampedModel, DemoMarkedModel):
    """A knowledge holder (ปราชญ์ชาวบ้าน) of a wisdom record, with their consent."""

    record = models.ForeignKey(WisdomRecord, on_delete=models.CASCADE, related_name="holders",
                               verbose_name=_("ภูมิปัญญา"))
    name = models.CharField(_("ชื่อ-สกุล"), max_length=200)
    consent_status = models.CharField(_("ความยินยอม"), max_length=12, choices=ConsentStatus.choices,
                                      default=ConsentStatus.PENDING)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["record", "name"]
        verbose_name = _("ปราชญ์ชาวบ้าน")
        verbose_name_plural = _("ปราชญ์ชาวบ้าน")

    def __str__(self):
        return self.name
