from django.db import models
from django.utils.translation import gettext_lazy as _


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


class IssuePriority(models.TextChoices):
    LOW = "low", _("ต่ำ")
    NORMAL = "normal", _("ปกติ")
    HIGH = "high", _("สูง")
    URGENT = "urgent", _("เร่งด่วน")


class IssueAction(models.TextChoices):
    """The steps of the issue status flow (campaigns.services.issue_transition)."""

    ASSIGN = "assign", _("มอบหมายภาคี")
    ACCEPT = "accept", _("รับดำเนินการ")
    DECLINE = "decline", _("ปฏิเสธ")
    RESOLVE = "resolve", _("แจ้งแก้ไขแล้ว")
    CLOSE = "close", _("ปิดประเด็น")


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("ความเห็น")
    PROGRESS = "progress", _("ความคืบหน้า")


class SupportKind(models.TextChoices):
    MONEY = "money", _("เงินทุน")
    EQUIPMENT = "equipment", _("วัสดุอุปกรณ์")
    TRAINING = "training", _("การอบรม")
    DESIGN = "design", _("งานออกแบบ")
    MARKET_ACCESS = "market_access", _("ช่องทางการตลาด")
    EXPERT_TIME = "expert_time", _("เวลาผู้เชี่ยวชาญ")


class Channel(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    YOUTUBE = "youtube", "YouTube"
    LINE = "line", "LINE"
    TIKTOK = "tiktok", "TikTok"
    WEBSITE = "website", _("เว็บไซต์")
    PRINT = "print", _("สิ่งพิมพ์/QR ที่บูธ")
    OTHER = "other", _("อื่น ๆ")


class ConversionKind(models.TextChoices):
    """What a tracked link is credited with (campaigns.models.Conversion)."""

    BOOKING = "booking", _("การจองโปรแกรมท่องเที่ยว")
    CONTACT = "contact", _("คลิกติดต่อสั่งซื้อสินค้า")


class AttributedVia(models.TextChoices):
    """How the visitor reached the link: the signed cookie of /go/<code>, or a human code typed in."""

    COOKIE = "cookie", _("ลิงก์/QR (คุกกี้)")
    CODE = "code", _("รหัสที่กรอก")


class OrderContact(models.TextChoices):
    """The "where to buy / order" contacts of a product page that go through /order/."""

    SHOP = "shop", _("ร้านค้าออนไลน์")
    FACEBOOK = "facebook", "Facebook"
    LINE = "line", "LINE"
    PHONE = "phone", _("โทรศัพท์")
