from django.db import models
from django.utils.translation import gettext_lazy as _


class ShareBasis(models.TextChoices):
    """How an agreement's share of a month is computed."""

    PERCENT = "percent", _("ร้อยละของยอดขายและรายได้จากการจองที่ระบุได้")
    PER_UNIT = "per_unit", _("จำนวนเงินคงที่ต่อชิ้นที่ขายได้")
    PER_VISITOR = "per_visitor", _("จำนวนเงินคงที่ต่อนักท่องเที่ยวหนึ่งคน")


class BeneficiaryKind(models.TextChoices):
    HOLDER = "holder", _("ปราชญ์ชาวบ้าน")
    FUND = "fund", _("กองทุนชุมชน")


class EntryKind(models.TextChoices):
    ACCRUAL = "accrual", _("ค้างจ่ายประจำเดือน")
    ADJUSTMENT = "adjustment", _("ปรับปรุงย้อนหลัง")


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", _("โอนเงินเข้าบัญชี")
    PROMPTPAY = "promptpay", _("พร้อมเพย์")
    CASH = "cash", _("เงินสด")
    CHEQUE = "cheque", _("เช็ค")
