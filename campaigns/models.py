from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import permissions
from core.models import DemoMarkedModel, PartnerOrganisation, ProducerGroup, TimeStampedModel


class IssueStatus(models.TextChoices):
    OPEN = "open", _("เปิด")
    ASSIGNED = "assigned", _("มอบหมายแล้ว")
    IN_PROGRESS = "in_progress", _("กำลังดำเนินการ")
    RESOLVED = "resolved", _("แก้ไขแล้ว")
    CLOSED = "closed", _("ปิด")
    DECLINED = "declined", _("ภาคีปฏิเสธ")


class IssueCategory(models.TextChoices):
    PACKAGING = "packaging", _("บรรจุภัณฑ์และการออกแบบ")
    STANDARDS = "standards", _("มาตรฐานและการรับรอง")
    PRODUCTION = "production", _("เทคโนโลยีการผลิต")
    MARKETING = "marketing", _("การตลาดและการขายออนไลน์")
    FINANCE = "finance", _("การเงิน")
    TOURISM = "tourism", _("บริการท่องเที่ยว")
    OTHER = "other", _("อื่น ๆ")


class DevelopmentIssueQuerySet(permissions.ScopedQuerySet):
    def visible_to(self, user):
        """Staff: all. A partner: issues assigned to their organisation. A producer:
        issues they raised or raised for their groups. Anonymous: none."""
        if permissions.is_staff_user(user):
            return self.all()
        org_id = permissions.partner_organisation_id(user)
        if org_id:
            through = DevelopmentIssue.assigned_partners.through
            return self.filter(pk__in=through.objects.filter(partnerorganisation_id=org_id)
                               .values("developmentissue_id"))
        if permissions.is_producer(user):
            return self.filter(Q(raised_by=user) | Q(group_id__in=permissions.producer_group_ids(user)))
        return self.none()

    def editable_by(self, user):
        return self.visible_to(user)


class DevelopmentIssue(TimeStampedModel, DemoMarkedModel):
    """A problem (ประเด็นปัญหา) a group faces that needs a partner's help."""

    title = models.CharField(_("หัวข้อ"), max_length=200)
    category = models.CharField(_("หมวด"), max_length=20, choices=IssueCategory.choices)
    description = models.TextField(_("รายละเอียด"), blank=True)
    group = models.ForeignKey(ProducerGroup, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="development_issues", verbose_name=_("กลุ่มผู้ผลิต"))
    status = models.CharField(_("สถานะ"), max_length=12, choices=IssueStatus.choices, default=IssueStatus.OPEN)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="raised_issues", verbose_name=_("ผู้แจ้ง"))
    assigned_partners = models.ManyToManyField(PartnerOrganisation, blank=True, related_name="assigned_issues",
                                               verbose_name=_("ภาคีที่ได้รับมอบหมาย"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = DevelopmentIssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ประเด็นปัญหา")
        verbose_name_plural = _("ประเด็นปัญหา")

    def __str__(self):
        return self.title
