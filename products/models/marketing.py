"""The online-marketing skills checklist: the items a producer group has achieved, each with its
date, evidence and the training (a network event) that led to it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import permissions
from core.models import DemoMarkedModel, ProducerGroup, TimeStampedModel

from ..choices import MarketingSkill


class GroupSkillQuerySet(permissions.GroupOwnedQuerySet):
    """A group's checklist: staff and the group's members see and change it (nothing public)."""


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
