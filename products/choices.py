from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import OtopProductType  # noqa: F401  (the five standard types live in core)


class PublishStatus(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    PUBLISHED = "published", _("เผยแพร่")


class Stage(models.TextChoices):
    """Stages of a Quadrant D development project, in order."""

    ASSESSMENT = "assessment", _("ประเมิน")
    DESIGN = "design", _("ออกแบบ")
    PROTOTYPE = "prototype", _("ต้นแบบ")
    MARKET_TEST = "market_test", _("ทดสอบตลาด")
    LAUNCH = "launch", _("วางจำหน่าย")
    FOLLOW_UP = "follow_up", _("ติดตามผล")
