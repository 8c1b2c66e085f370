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


STAGE_ORDER: list[str] = [s.value for s in Stage]


def stage_index(stage: str) -> int:
    return STAGE_ORDER.index(stage)


class StandardKind(models.TextChoices):
    """Product standards and certifications commonly held by OTOP products."""

    TCPS = "tcps", _("มผช. (มาตรฐานผลิตภัณฑ์ชุมชน)")
    FDA = "fda", _("อย. (เลขสารบบอาหาร/จดแจ้ง)")
    GMP = "gmp", _("GMP")
    HALAL = "halal", _("ฮาลาล (Halal)")
    GI = "gi", _("สิ่งบ่งชี้ทางภูมิศาสตร์ (GI)")
    OTHER = "other", _("อื่น ๆ")


class MarketingSkill(models.TextChoices):
    """The online-marketing skills checklist of a producer group."""

    ONLINE_SHOP = "online_shop", _("เปิดร้านค้าออนไลน์")
    PHOTOS_RETAKEN = "photos_retaken", _("ถ่ายภาพสินค้าใหม่")
    FACEBOOK_PAGE = "facebook_page", _("เปิดเพจ Facebook")
    LINE_OA = "line_oa", _("เปิด LINE Official Account")
    CONTENT_POSTED = "content_posted", _("โพสต์เนื้อหาประชาสัมพันธ์")
    FIRST_ONLINE_ORDER = "first_online_order", _("ได้รับคำสั่งซื้อออนไลน์ครั้งแรก")


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("รูปภาพ")
    DOCUMENT = "document", _("เอกสาร PDF")
