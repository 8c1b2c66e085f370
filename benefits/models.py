"""Benefit-sharing agreements and their monthly ledger (issue 17, part 4).

An agreement binds a producer group or a tourism community to the knowledge holders of a wisdom
record and/or the community fund (กองทุนชุมชน): for the products and programs it covers, the party pays a
share of each month's attributed sales and booking revenue (a percentage), or a fixed amount per unit
sold or per visitor. ``services.compute_ledger`` turns each month into ledger entries, one per
agreement, beneficiary, month and kind; payments are recorded against beneficiaries (and optionally an
entry). The rule is documented on ``services.compute_ledger``.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import permissions
from core.models import DemoMarkedModel, ProducerGroup, TimeStampedModel
from core.uploads import validate_pdf_or_image

from .choices import BeneficiaryKind, EntryKind, PaymentMethod, ShareBasis


def validate_signed_file(file) -> None:
    """A signed document or a receipt: a PDF or a photo of the paper (checked by content, not by name)."""
    validate_pdf_or_image(file, message=_("ไฟล์ต้องเป็น PDF หรือรูปภาพ (JPG, PNG, WEBP, GIF)"), code="signed_file")


def upload_agreement_document(instance, filename):
    return f"benefits/agreements/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:8]}"


def upload_receipt(instance, filename):
    return f"benefits/receipts/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:8]}"


# --- Who sees what -------------------------------------------------------------------------------


def _party_agreement_ids(user) -> models.QuerySet:
    """Agreements whose party the user belongs to: a member of the producer group, a coordinator of
    the tourism community (read-only for them)."""
    return Agreement.objects.filter(
        Q(producer_group_id__in=permissions.producer_group_ids(user))
        | Q(tourism_community__coordinators=user.pk)).values("pk")


def _own_beneficiary_agreement_ids(user) -> models.QuerySet:
    return Beneficiary.objects.filter(account_id=user.pk).values("agreement_id")


class AgreementQuerySet(permissions.ScopedQuerySet):
    """Its own rule: staff see and change everything; the agreement's party (members of the producer
    group, coordinators of the tourism community) and beneficiaries with an account read it; nobody
    else sees it (404). Only staff change agreements (through the services)."""

    def visible_to(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if not permissions.is_member(user) or user.pk is None:
            return self.none()
        return self.filter(Q(pk__in=_party_agreement_ids(user)) | Q(pk__in=_own_beneficiary_agreement_ids(user)))


class BeneficiaryQuerySet(permissions.ScopedQuerySet):
    """Staff: all. The agreement's party: every beneficiary of its agreements. A knowledge holder with an
    account (``Beneficiary.account``): only their own rows — not what the others receive."""

    def visible_to(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if not permissions.is_member(user) or user.pk is None:
            return self.none()
        return self.filter(Q(agreement__in=_party_agreement_ids(user)) | Q(account_id=user.pk))


class BeneficiaryChildQuerySet(permissions.ScopedQuerySet):
    """Ledger entries and payments: visible exactly when their beneficiary is; staff change them."""

    def visible_to(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        return self.filter(beneficiary__in=Beneficiary.objects.visible_to(user).values("pk"))


# --- Models ---------------------------------------------------------------------------------------


class Agreement(TimeStampedModel, DemoMarkedModel):
    """A benefit-sharing agreement (ข้อตกลงแบ่งปันผลประโยชน์)."""

    protected_file_fields = ("document",)

    title = models.CharField(_("ชื่อข้อตกลง"), max_length=200)
    producer_group = models.ForeignKey(ProducerGroup, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="benefit_agreements", verbose_name=_("กลุ่มผู้ผลิต"))
    tourism_community = models.ForeignKey("tourism.TourismCommunity", on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="benefit_agreements",
                                          verbose_name=_("ชุมชนท่องเที่ยว"))
    wisdom_record = models.ForeignKey("wisdom.WisdomRecord", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="benefit_agreements", verbose_name=_("ภูมิปัญญา"))
    products = models.ManyToManyField("products.Product", blank=True, related_name="benefit_agreements",
                                      verbose_name=_("ผลิตภัณฑ์ที่ครอบคลุม"))
    programs = models.ManyToManyField("tourism.Program", blank=True, related_name="benefit_agreements",
                                      verbose_name=_("โปรแกรมท่องเที่ยวที่ครอบคลุม"))
    share_basis = models.CharField(_("วิธีคิดส่วนแบ่ง"), max_length=12, choices=ShareBasis.choices,
                                   default=ShareBasis.PERCENT)
    rate = models.DecimalField(_("อัตรา"), max_digits=10, decimal_places=2,
                               help_text=_("ร้อยละ (เช่น 5.00) หรือบาทต่อชิ้น/ต่อคน ตามวิธีคิดส่วนแบ่ง"))
    start_date = models.DateField(_("วันเริ่มต้น"))
    end_date = models.DateField(_("วันสิ้นสุด"), null=True, blank=True)
    signed_on = models.DateField(_("วันที่ลงนาม"), null=True, blank=True)
    document = models.FileField(_("เอกสารข้อตกลงที่ลงนามแล้ว (PDF/รูปภาพ)"), upload_to=upload_agreement_document,
                                blank=True, validators=[validate_signed_file])
    note = models.TextField(_("หมายเหตุ"), blank=True, validators=[MaxLengthValidator(2000)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("ผู้บันทึก"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title", "pk"]
        verbose_name = _("ข้อตกลงแบ่งปันผลประโยชน์")
        verbose_name_plural = _("ข้อตกลงแบ่งปันผลประโยชน์")
        constraints = [
            models.CheckConstraint(
                condition=(Q(producer_group__isnull=False, tourism_community__isnull=True)
                           | Q(producer_group__isnull=True, tourism_community__isnull=False)),
                name="agreement_one_party",
                violation_error_message=_("ระบุกลุ่มผู้ผลิตหรือชุมชนท่องเที่ยวอย่างใดอย่างหนึ่ง")),
            models.CheckConstraint(condition=Q(rate__gte=0), name="agreement_rate_non_negative",
                                   violation_error_message=_("อัตราต้องไม่ติดลบ")),
            models.CheckConstraint(condition=~Q(share_basis=ShareBasis.PERCENT) | Q(rate__lte=100),
                                   name="agreement_percent_at_most_100",
                                   violation_error_message=_("ร้อยละต้องไม่เกิน 100")),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="agreement_end_after_start",
                                   violation_error_message=_("วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("benefits:agreement_detail", kwargs={"pk": self.pk})

    @property
    def party(self):
        return self.producer_group or self.tourism_community


class Beneficiary(TimeStampedModel, DemoMarkedModel):
    """Who shares in an agreement: a knowledge holder of the record, or the community fund, with their
    share of the agreement's amount (the shares of one agreement add up to at most 100 %)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="beneficiaries",
                                  verbose_name=_("ข้อตกลง"))
    kind = models.CharField(_("ประเภทผู้รับประโยชน์"), max_length=8, choices=BeneficiaryKind.choices)
    holder = models.ForeignKey("wisdom.KnowledgeHolder", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="benefit_shares", verbose_name=_("ปราชญ์ชาวบ้าน"))
    name = models.CharField(_("ชื่อผู้รับประโยชน์"), max_length=200, blank=True,
                            help_text=_("ชื่อกองทุนชุมชน หรือชื่อปราชญ์ชาวบ้าน (เติมให้อัตโนมัติ)"))
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="benefit_shares", verbose_name=_("บัญชีผู้ใช้ของผู้รับประโยชน์"),
                                help_text=_("ถ้ามี ผู้รับประโยชน์จะเห็นใบแจ้งยอดของตนเองเมื่อเข้าสู่ระบบ"))
    share_percent = models.DecimalField(_("สัดส่วน (ร้อยละของส่วนแบ่งตามข้อตกลง)"), max_digits=5, decimal_places=2)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "kind", "name", "pk"]
        verbose_name = _("ผู้รับประโยชน์")
        verbose_name_plural = _("ผู้รับประโยชน์")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=BeneficiaryKind.HOLDER, holder__isnull=False)
                           | Q(kind=BeneficiaryKind.FUND, holder__isnull=True)),
                name="beneficiary_holder_matches_kind",
                violation_error_message=_("ปราชญ์ชาวบ้านต้องระบุชื่อปราชญ์ กองทุนชุมชนต้องไม่ระบุ")),
            models.CheckConstraint(condition=Q(share_percent__gt=0, share_percent__lte=100),
                                   name="beneficiary_share_range",
                                   violation_error_message=_("สัดส่วนต้องมากกว่า 0 และไม่เกินร้อยละ 100")),
            models.UniqueConstraint(fields=["agreement", "holder"], condition=Q(holder__isnull=False),
                                    name="beneficiary_one_row_per_holder",
                                    violation_error_message=_("ปราชญ์ชาวบ้านคนนี้อยู่ในข้อตกลงแล้ว")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("benefits:statement", kwargs={"pk": self.pk})


class LedgerEntry(models.Model):
    """One line of the ledger: what one beneficiary earned under one agreement for one month.

    ``accrual`` (revision 0) is the month as first computed; every later change of that month (a late
    income correction, a changed rate) adds an ``adjustment`` with the next revision for the difference,
    so no computed line is ever edited. ``basis`` is the month's attributed sales in baht (percentage
    agreements), units sold or visitors (fixed rates) — for an adjustment, the corrected basis."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="ledger_entries",
                                  verbose_name=_("ข้อตกลง"))
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="ledger_entries",
                                    verbose_name=_("ผู้รับประโยชน์"))
    month = models.DateField(_("เดือน"))
    kind = models.CharField(_("ประเภทรายการ"), max_length=12, choices=EntryKind.choices, default=EntryKind.ACCRUAL)
    revision = models.PositiveSmallIntegerField(_("ครั้งที่ปรับปรุง"), default=0)
    share_basis = models.CharField(_("วิธีคิดส่วนแบ่ง"), max_length=12, choices=ShareBasis.choices)
    basis = models.DecimalField(_("ฐานการคำนวณ"), max_digits=14, decimal_places=2)
    rate = models.DecimalField(_("อัตรา"), max_digits=10, decimal_places=2)
    share_percent = models.DecimalField(_("สัดส่วนของผู้รับ (ร้อยละ)"), max_digits=5, decimal_places=2)
    days_entitled = models.PositiveSmallIntegerField(_("จำนวนวันที่มีสิทธิ์"))
    days_in_month = models.PositiveSmallIntegerField(_("จำนวนวันของเดือน"))
    amount = models.DecimalField(_("จำนวนเงิน (บาท)"), max_digits=14, decimal_places=2)
    note = models.CharField(_("หมายเหตุ"), max_length=300, blank=True)
    computed_at = models.DateTimeField(_("คำนวณเมื่อ"), auto_now_add=True)
    is_demo = models.BooleanField(_("ข้อมูลตัวอย่าง (demo)"), default=False, editable=False)

    objects = BeneficiaryChildQuerySet.as_manager()

    class Meta:
        ordering = ["month", "agreement", "beneficiary", "kind", "revision"]
        verbose_name = _("รายการบัญชีผลประโยชน์")
        verbose_name_plural = _("บัญชีผลประโยชน์รายเดือน")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "beneficiary", "month", "kind", "revision"],
                                    name="ledgerentry_one_per_month_kind",
                                    violation_error_message=_("มีรายการของเดือนนี้แล้ว")),
            models.CheckConstraint(condition=Q(month__day=1), name="ledgerentry_month_first_day",
                                   violation_error_message=_("เดือนต้องเป็นวันที่ 1 ของเดือน")),
            models.CheckConstraint(condition=Q(basis__gte=0, rate__gte=0), name="ledgerentry_basis_rate_non_negative",
                                   violation_error_message=_("ฐานการคำนวณและอัตราต้องไม่ติดลบ")),
            # An accrual is never negative and is revision 0; an adjustment is a non-zero difference
            # (negative when the income was corrected downwards) with a revision from 1.
            models.CheckConstraint(
                condition=(Q(kind=EntryKind.ACCRUAL, revision=0, amount__gte=0)
                           | (Q(kind=EntryKind.ADJUSTMENT, revision__gte=1) & ~Q(amount=0))),
                name="ledgerentry_amount_by_kind",
                violation_error_message=_("ยอดค้างจ่ายต้องไม่ติดลบ และรายการปรับปรุงต้องไม่เป็นศูนย์")),
            models.CheckConstraint(condition=Q(days_entitled__lte=F("days_in_month")),
                                   name="ledgerentry_days_within_month",
                                   violation_error_message=_("จำนวนวันที่มีสิทธิ์ต้องไม่เกินจำนวนวันของเดือน")),
        ]
        indexes = [models.Index(fields=["beneficiary", "month"], name="ledgerentry_beneficiary_idx")]

    def __str__(self):
        return f"{self.beneficiary} · {self.month:%Y-%m} · {self.amount}"


class Payment(TimeStampedModel, DemoMarkedModel):
    """Money paid to a beneficiary (optionally against one ledger entry), with the receipt."""

    protected_file_fields = ("receipt",)

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="payments",
                                    verbose_name=_("ผู้รับประโยชน์"))
    entry = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="payments", verbose_name=_("รายการที่จ่าย"))
    paid_on = models.DateField(_("วันที่จ่าย"))
    amount = models.DecimalField(_("จำนวนเงิน (บาท)"), max_digits=14, decimal_places=2)
    method = models.CharField(_("วิธีการจ่าย"), max_length=12, choices=PaymentMethod.choices,
                              default=PaymentMethod.TRANSFER)
    reference = models.CharField(_("เลขที่อ้างอิง"), max_length=100, blank=True)
    receipt = models.FileField(_("หลักฐานการรับเงิน (PDF/รูปภาพ)"), upload_to=upload_receipt, blank=True,
                               validators=[validate_signed_file])
    note = models.CharField(_("หมายเหตุ"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("ผู้บันทึก"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = BeneficiaryChildQuerySet.as_manager()

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("การจ่ายผลประโยชน์")
        verbose_name_plural = _("การจ่ายผลประโยชน์")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive",
                                   violation_error_message=_("จำนวนเงินที่จ่ายต้องมากกว่า 0")),
        ]

    def __str__(self):
        return f"{self.beneficiary} · {self.paid_on} · {self.amount}"
