from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventKind(models.TextChoices):
    TRAINING = "training", _("หลักสูตรอบรม")
    WORKSHOP = "workshop", _("เวิร์กช็อป")
    FORUM = "forum", _("เวทีแลกเปลี่ยน")
    ONLINE_MEETING = "online_meeting", _("ประชุมออนไลน์")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    PUBLISHED = "published", _("เผยแพร่")
    CANCELLED = "cancelled", pgettext_lazy("status", "ยกเลิก")


class Audience(models.TextChoices):
    PRODUCERS = "producers", _("เฉพาะผู้ผลิต/ผู้ประกอบการ OTOP")
    PUBLIC = "public", _("บุคคลทั่วไป")


class Expertise(models.TextChoices):
    DESIGN = "design", _("ออกแบบผลิตภัณฑ์")
    PACKAGING = "packaging", _("บรรจุภัณฑ์")
    ONLINE_MARKETING = "online_marketing", _("การตลาดออนไลน์")
    FOOD_STANDARDS = "food_standards", _("ความปลอดภัยอาหารและมาตรฐาน")
    TOURISM = "tourism", _("การท่องเที่ยวชุมชน")
    FINANCE = "finance", _("การเงินและบัญชี")
    PRODUCTION = "production", _("เทคโนโลยีการผลิต")
    CRAFT = "craft", _("งานหัตถกรรมและภูมิปัญญา")


class ContactPreference(models.TextChoices):
    PORTAL = "portal", _("ผ่านเจ้าหน้าที่/พอร์ทัล")
    EMAIL = "email", _("อีเมล")
    PHONE = "phone", _("โทรศัพท์")
    LINE = "line", _("LINE")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("สาธารณะ")
    MEMBERS = "members", _("เฉพาะสมาชิก")


class KnowledgeKind(models.TextChoices):
    ARTICLE = "article", _("บทความ")
    HOWTO = "howto", _("เทคนิค/วิธีทำ")
    CASE_STUDY = "case_study", _("กรณีศึกษาผู้ประกอบการ")
    VIDEO = "video", _("บทเรียนวิดีโอ")


class KnowledgeStatus(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    IN_REVIEW = "in_review", _("รอตรวจ")
    PUBLISHED = "published", _("เผยแพร่")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("ยืนยันแล้ว")
    WAITLISTED = "waitlisted", _("รอคิว (สำรอง)")
    CANCELLED = "cancelled", pgettext_lazy("status", "ยกเลิก")


class MentorshipStatus(models.TextChoices):
    ACTIVE = "active", _("กำลังดำเนินการ")
    COMPLETED = "completed", _("เสร็จสิ้น")
    ENDED = "ended", _("ยุติ")
