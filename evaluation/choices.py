from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.choices import Project


class IncomeSource(models.TextChoices):
    PRODUCT_SALES = "product_sales", _("ยอดขายผลิตภัณฑ์")
    TOURISM = "tourism", _("รายได้จากการท่องเที่ยว")


class UnitType(models.TextChoices):
    PRODUCER_GROUP = "producer_group", _("กลุ่มผู้ผลิต")
    TOURISM_COMMUNITY = "tourism_community", _("ชุมชนท่องเที่ยว")


TargetProject = models.TextChoices(
    "TargetProject", [("ALL", ("all", _("ทุกโครงการ")))] + [(p.name, (p.value, p.label)) for p in Project])


class ResultStatus(models.TextChoices):
    MET = "met", _("บรรลุเป้าหมาย")
    NOT_MET = "not_met", _("ยังไม่บรรลุเป้าหมาย")
    NO_BASELINE = "no_baseline", _("ไม่มีฐานปีก่อน")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("รอคิว")
    RUNNING = "running", _("กำลังสร้าง")
    DONE = "done", _("เสร็จแล้ว")
    FAILED = "failed", _("ล้มเหลว")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("ยังไม่เริ่ม")
    IN_PROGRESS = "in_progress", _("กำลังดำเนินการ")
    DONE = "done", _("เสร็จแล้ว")
    CANCELLED = "cancelled", pgettext_lazy("status", "ยกเลิก")
