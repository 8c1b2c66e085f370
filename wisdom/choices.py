from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    HANDICRAFT = "handicraft", _("หัตถกรรม/จักสาน")
    TEXTILES = "textiles", _("ผ้าและสิ่งทอ")
    FOOD = "food", _("อาหารและการปรุง")
    HERBAL = "herbal", _("สมุนไพรและการแพทย์แผนไทย")
    AGRICULTURE = "agriculture", _("เกษตรและการใช้ทรัพยากรธรรมชาติ")
    ARTS = "arts", _("ศิลปะ ดนตรี การแสดง")
    BELIEFS = "beliefs", _("ความเชื่อและพิธีกรรม")
    OTHER = "other", _("อื่น ๆ")


class Status(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    SUBMITTED = "submitted", _("ส่งตรวจสอบ")
    VERIFIED = "verified", _("ตรวจสอบแล้ว")
    PUBLISHED = "published", _("เผยแพร่")


class AccessLevel(models.TextChoices):
    """Access protocol, in the spirit of cultural protocols."""

    PUBLIC = "public", _("สาธารณะ")
    MEMBERS = "members", _("เฉพาะสมาชิก")
    RESTRICTED = "restricted", _("จำกัด (เจ้าหน้าที่และชุมชนเจ้าของ)")


class ConsentStatus(models.TextChoices):
    PENDING = "pending", _("รอความยินยอม")
    GRANTED = "granted", _("ยินยอมแล้ว")
    WITHDRAWN = "withdrawn", _("ถอนความยินยอม")


class VideoProvider(models.TextChoices):
    YOUTUBE = "youtube", _("YouTube")
    FACEBOOK = "facebook", _("Facebook")

