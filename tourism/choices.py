from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishStatus(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    PUBLISHED = "published", _("เผยแพร่")


class ActivityType(models.TextChoices):
    PRODUCTION_VISIT = "production_visit", _("ชมกระบวนการผลิต")
    CRAFT_WORKSHOP = "craft_workshop", _("เวิร์กช็อปงานฝีมือ")
    LOCAL_COOKING = "local_cooking", _("ทำอาหารท้องถิ่นด้วยผลิตภัณฑ์ OTOP")
    ARTS_CULTURE = "arts_culture", _("ศิลปะและวัฒนธรรม")
    NATURE_ECO = "nature_eco", _("ธรรมชาติ/เชิงนิเวศ")
    HOMESTAY = "homestay", _("โฮมสเตย์")
    SHOPPING = "shopping", _("ช้อปปิ้งสินค้าชุมชน")


class ProgramDuration(models.TextChoices):
    HALF_DAY = "half_day", _("ครึ่งวัน")
    ONE_DAY = "one_day", _("หนึ่งวัน")
    TWO_DAYS = "two_days", _("สองวันหนึ่งคืน")


class Language(models.TextChoices):
    THAI = "th", _("ไทย")
    ENGLISH = "en", _("อังกฤษ")
    CHINESE = "zh", _("จีน")
    JAPANESE = "ja", _("ญี่ปุ่น")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("จันทร์")
    TUESDAY = 1, _("อังคาร")
    WEDNESDAY = 2, _("พุธ")
    THURSDAY = 3, _("พฤหัสบดี")
    FRIDAY = 4, _("ศุกร์")
    SATURDAY = 5, _("เสาร์")
    SUNDAY = 6, _("อาทิตย์")


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("รอชุมชนยืนยัน")
    CONFIRMED = "confirmed", _("ยืนยันแล้ว")
    DECLINED = "declined", _("ปฏิเสธ")
    # OCTO reseller bookings (tourism/octo): places held while the reseller's customer pays, then
    # REQUESTED (the community accepts) on confirm; a hold not confirmed in time expires.
    ON_HOLD = "on_hold", _("ตัวแทนจำหน่ายกันที่ไว้ (รอยืนยัน)")
    EXPIRED = "expired", _("หมดเวลากันที่")
    CANCELLED = "cancelled", _("ยกเลิกแล้ว")


# Statuses whose people hold places in the daily capacity (a reseller's hold counts too).
HOLDING_STATUSES = (BookingStatus.ON_HOLD, BookingStatus.REQUESTED, BookingStatus.CONFIRMED)
# Statuses the community decides on (confirm, decline, reschedule) and whose people are expected.
ACTIVE_STATUSES = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)
