from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import permissions
from core.models import DemoMarkedModel, TimeStampedModel


class EventKind(models.TextChoices):
    TRAINING = "training", _("หลักสูตรอบรม")
    WORKSHOP = "workshop", _("เวิร์กช็อป")
    FORUM = "forum", _("เวทีแลกเปลี่ยน")
    ONLINE_MEETING = "online_meeting", _("ประชุมออนไลน์")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    PUBLISHED = "published", _("เผยแพร่")
    CANCELLED = "cancelled", _("ยกเลิก")


class EventQuerySet(permissions.ScopedQuerySet):
    def visible_to(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        return self.filter(Q(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED]))

    def editable_by(self, user):
        return self.all() if permissions.is_staff_user(user) else self.none()


class Event(TimeStampedModel, DemoMarkedModel):
    """A training course, workshop, exchange forum or online meeting of the KBO network."""

    title = models.CharField(_("ชื่อกิจกรรม"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    kind = models.CharField(_("ประเภท"), max_length=20, choices=EventKind.choices)
    starts_at = models.DateTimeField(_("เริ่ม"))
    ends_at = models.DateTimeField(_("สิ้นสุด"))
    status = models.CharField(_("สถานะ"), max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("กิจกรรม/อบรม")
        verbose_name_plural = _("กิจกรรม/อบรม")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start",
                                   violation_error_message=_("เวลาสิ้นสุดต้องไม่ก่อนเวลาเริ่ม")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:event_detail", kwargs={"slug": self.slug})
