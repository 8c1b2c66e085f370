from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("เจ้าหน้าที่พัฒนาชุมชน")
    PRODUCER = "producer", _("ผู้ผลิต/ผู้ประกอบการ OTOP")
    PARTNER = "partner", _("ภาคีเครือข่าย")
    EXPERT = "expert", _("ผู้เชี่ยวชาญ")


class EntrepreneurType(models.TextChoices):
    COMMUNITY_GROUP = "community_group", _("กลุ่มผู้ผลิตชุมชน")
    SINGLE_OWNER = "single_owner", _("ผู้ผลิตชุมชนที่เป็นเจ้าของรายเดียว")
    SME = "sme", _("ผู้ผลิตชุมชนที่เป็น SMEs")


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("ประธานกลุ่ม")
    MEMBER = "member", _("สมาชิก")


class PartnerType(models.TextChoices):
    RAJABHAT = "rajabhat", _("มหาวิทยาลัยราชภัฏ")
    UNIVERSITY = "university", _("มหาวิทยาลัยอื่น")
    GOVERNMENT = "government", _("หน่วยงานราชการ")
    LOCAL_ADMIN = "local_admin", _("องค์กรปกครองส่วนท้องถิ่น")
    PRIVATE = "private", _("บริษัทเอกชน")
    FOUNDATION = "foundation", _("มูลนิธิ/องค์กรพัฒนาเอกชน")


class OtopProductType(models.TextChoices):
    """The five standard OTOP product types."""

    FOOD = "food", _("อาหาร")
    BEVERAGE = "beverage", _("เครื่องดื่ม")
    TEXTILE = "textile", _("ผ้า เครื่องแต่งกาย")
    HOUSEHOLD = "household", _("ของใช้ ของตกแต่ง ของที่ระลึก")
    HERBAL = "herbal", _("สมุนไพรที่ไม่ใช่อาหาร")


class Project(models.TextChoices):
    """The three projects of the Creative OTOP programme."""

    QUADRANT_D = "quadrant_d", _("พัฒนาผลิตภัณฑ์ OTOP กลุ่ม Quadrant D")
    KBO = "kbo", _("เครือข่ายองค์ความรู้ (KBO)")
    NAWATWITHI = "nawatwithi", _("ท่องเที่ยวชุมชน OTOP นวัตวิถี")


class EmailStatus(models.TextChoices):
    """Where an e-mail of the outbox is (core.outbox)."""

    QUEUED = "queued", _("รอส่ง")
    SENDING = "sending", _("กำลังส่ง")
    SENT = "sent", _("ส่งแล้ว")
    FAILED = "failed", _("ส่งไม่สำเร็จ")


class NotificationEvent(models.TextChoices):
    """The kinds of event the portal tells people about (core.notifications). Each user chooses the
    channels per kind; the apps name the kind when they call ``notify``."""

    WISDOM_SENT_BACK = "wisdom_sent_back", _("ภูมิปัญญาถูกส่งกลับให้แก้ไข")
    WISDOM_PUBLISHED = "wisdom_published", _("ภูมิปัญญาได้รับการเผยแพร่")
    BOOKING_REQUESTED = "booking_requested", _("มีคำขอจองท่องเที่ยวใหม่")
    BOOKING_CONFIRMED = "booking_confirmed", _("ยืนยันการจองแล้ว")
    BOOKING_DECLINED = "booking_declined", _("ปฏิเสธการจอง")
    BOOKING_RESCHEDULED = "booking_rescheduled", _("เลื่อนวันเดินทาง")
    ISSUE_CHANGED = "issue_changed", _("ประเด็นปัญหาเปลี่ยนสถานะ (มอบหมาย รับดำเนินการ แก้ไขแล้ว)")
    ISSUE_COMMENTED = "issue_commented", _("มีความเห็นใหม่ในประเด็นปัญหา")
    QUESTION_ANSWERED = "question_answered", _("คำถามของฉันได้รับคำตอบ")
    EVENT_REMINDER = "event_reminder", _("เตือนกิจกรรมที่ลงทะเบียนไว้")
    EVENT_CANCELLED = "event_cancelled", _("กิจกรรมถูกยกเลิก")
    REPORT_READY = "report_ready", _("รายงานประเมินผลพร้อมแล้ว")
    INCOME_MISSING = "income_missing", _("ยังไม่ได้บันทึกรายได้ของเดือน")
    STANDARD_EXPIRING = "standard_expiring", _("มาตรฐานผลิตภัณฑ์ใกล้หมดอายุ")


class NotificationChannel(models.TextChoices):
    PORTAL = "portal", _("ในพอร์ทัล")
    EMAIL = "email", _("อีเมล")
    LINE = "line", _("LINE")


class DeliveryStatus(models.TextChoices):
    """Where one delivery of a notification on one channel is."""

    QUEUED = "queued", _("รอส่ง")
    SENT = "sent", _("ส่งแล้ว")
    FAILED = "failed", _("ส่งไม่สำเร็จ")
    SKIPPED = "skipped", _("ไม่ได้ส่ง")
