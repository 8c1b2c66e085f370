"""Income evaluation: monthly income records of the evaluated units, project
enrollments, the department's targets, stored report snapshots, findings and
improvement actions.

An evaluated *unit* is a producer group or a tourism community: every model
that points at a unit has both foreign keys and a CHECK constraint that exactly
one is set.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import permissions
from core.choices import Project
from core.models import DemoMarkedModel, ProducerGroup, TimeStampedModel

from .choices import ActionStatus, IncomeSource, ReportStatus, TargetProject, UnitType


def _exactly_one_unit(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(producer_group__isnull=False, tourism_community__isnull=True)
                   | Q(producer_group__isnull=True, tourism_community__isnull=False)),
        name=name,
        violation_error_message=_("ระบุกลุ่มผู้ผลิตหรือชุมชนท่องเที่ยวอย่างใดอย่างหนึ่งเท่านั้น"),
    )


class UnitMixin(models.Model):
    """A producer group or a tourism community (exactly one)."""

    producer_group = models.ForeignKey(ProducerGroup, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("กลุ่มผู้ผลิต"))
    tourism_community = models.ForeignKey("tourism.TourismCommunity", on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+", verbose_name=_("ชุมชนท่องเที่ยว"))

    class Meta:
        abstract = True

    @property
    def unit(self):
        return self.producer_group or self.tourism_community

    @property
    def unit_type(self) -> str:
        return UnitType.PRODUCER_GROUP if self.producer_group_id else UnitType.TOURISM_COMMUNITY

    @property
    def unit_id(self) -> int:
        return self.producer_group_id or self.tourism_community_id


class UnitScopedQuerySet(permissions.ScopedQuerySet):
    """Rows of the units a user answers for (``selectors.units_answered_by``): staff everything,
    producers their groups' rows, coordinators their communities' rows.

    Its own rule rather than GroupOwnedQuerySet: a unit is a producer group OR a tourism community,
    and the communities' side is decided by the tourism app (its coordinators)."""

    def visible_to(self, user):
        from .selectors import units_answered_by  # the selectors import this module

        units = units_answered_by(user=user)
        if units.everything:
            return self.all()
        if not (units.group_ids or units.communities is not None):
            return self.none()
        return self.filter(units.q())

    editable_by = visible_to


class IncomeRecord(UnitMixin, TimeStampedModel, DemoMarkedModel):
    """One unit's income from one source in one month (``month`` is the first day of the month)."""

    producer_group = models.ForeignKey(ProducerGroup, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="income_records", verbose_name=_("กลุ่มผู้ผลิต"))
    tourism_community = models.ForeignKey("tourism.TourismCommunity", on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="income_records", verbose_name=_("ชุมชนท่องเที่ยว"))
    month = models.DateField(_("เดือน"), help_text=_("วันที่ 1 ของเดือน"))
    source = models.CharField(_("แหล่งรายได้"), max_length=20, choices=IncomeSource.choices)
    amount = models.DecimalField(_("รายได้ (บาท)"), max_digits=14, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("บันทึกโดย"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "source"]
        verbose_name = _("รายได้รายเดือน")
        verbose_name_plural = _("รายได้รายเดือน")
        constraints = [
            _exactly_one_unit("incomerecord_exactly_one_unit"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="incomerecord_amount_not_negative",
                                   violation_error_message=_("รายได้ต้องไม่ติดลบ")),
            models.CheckConstraint(condition=Q(month__day=1), name="incomerecord_month_first_day",
                                   violation_error_message=_("เดือนต้องเป็นวันที่ 1 ของเดือน")),
            models.UniqueConstraint(fields=["producer_group", "month", "source"],
                                    condition=Q(producer_group__isnull=False),
                                    name="incomerecord_unique_group_month_source",
                                    violation_error_message=_("มีรายได้ของกลุ่มนี้ในเดือนและแหล่งนี้แล้ว")),
            models.UniqueConstraint(fields=["tourism_community", "month", "source"],
                                    condition=Q(tourism_community__isnull=False),
                                    name="incomerecord_unique_community_month_source",
                                    violation_error_message=_("มีรายได้ของชุมชนนี้ในเดือนและแหล่งนี้แล้ว")),
        ]
        indexes = [models.Index(fields=["month"], name="incomerecord_month_idx")]

    def __str__(self):
        return f"{self.unit} · {self.month:%Y-%m} · {self.get_source_display()}"


class ProductSaleQuerySet(permissions.ScopedQuerySet):
    """A breakdown line is seen and changed by whoever answers for its income record's unit."""

    def visible_to(self, user):
        return self.filter(income_record__in=IncomeRecord.objects.visible_to(user))

    editable_by = visible_to


class ProductSale(TimeStampedModel, DemoMarkedModel):
    """Part of a month's product-sales income (an ``IncomeRecord`` with source ``product_sales`` of a
    producer group) attributed to one of the group's products: the amount, and the quantity when known.

    The breakdown is optional and may not exceed the record's amount: the services check it with the
    record row locked, and a database trigger (migration 0003) refuses any write that would make the sum
    exceed it, whoever writes (it locks the record row too, so two concurrent lines cannot both pass)."""

    income_record = models.ForeignKey(IncomeRecord, on_delete=models.CASCADE, related_name="product_sales",
                                      verbose_name=_("รายได้รายเดือน"))
    product = models.ForeignKey("products.Product", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("ผลิตภัณฑ์"))
    amount = models.DecimalField(_("ยอดขาย (บาท)"), max_digits=14, decimal_places=2)
    quantity = models.PositiveIntegerField(_("จำนวนที่ขาย (ชิ้น)"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("บันทึกโดย"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ProductSaleQuerySet.as_manager()

    class Meta:
        ordering = ["income_record", "product_id"]
        verbose_name = _("ยอดขายรายผลิตภัณฑ์")
        verbose_name_plural = _("ยอดขายรายผลิตภัณฑ์")
        constraints = [
            models.UniqueConstraint(fields=["income_record", "product"], name="productsale_unique_product",
                                    violation_error_message=_("มียอดขายของผลิตภัณฑ์นี้ในเดือนนี้แล้ว")),
            models.CheckConstraint(condition=Q(amount__gte=0), name="productsale_amount_not_negative",
                                   violation_error_message=_("ยอดขายต้องไม่ติดลบ")),
        ]

    def __str__(self):
        return f"{self.income_record} · {self.product}"


class Enrollment(UnitMixin, TimeStampedModel, DemoMarkedModel):
    """A unit enrolled in one project for one fiscal year (BE)."""

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    project = models.CharField(_("โครงการ"), max_length=20, choices=Project.choices)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "project", "id"]
        verbose_name = _("หน่วยที่เข้าร่วมโครงการ")
        verbose_name_plural = _("หน่วยที่เข้าร่วมโครงการ")
        constraints = [
            _exactly_one_unit("enrollment_exactly_one_unit"),
            models.CheckConstraint(condition=Q(fiscal_year__gte=2500, fiscal_year__lte=2700),
                                   name="enrollment_fiscal_year_be",
                                   violation_error_message=_("ปีงบประมาณต้องเป็นปี พ.ศ.")),
            models.UniqueConstraint(fields=["fiscal_year", "project", "producer_group"],
                                    condition=Q(producer_group__isnull=False),
                                    name="enrollment_unique_group",
                                    violation_error_message=_("กลุ่มนี้เข้าร่วมโครงการนี้ในปีงบประมาณนี้แล้ว")),
            models.UniqueConstraint(fields=["fiscal_year", "project", "tourism_community"],
                                    condition=Q(tourism_community__isnull=False),
                                    name="enrollment_unique_community",
                                    violation_error_message=_("ชุมชนนี้เข้าร่วมโครงการนี้ในปีงบประมาณนี้แล้ว")),
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_project_display()} · {self.fiscal_year}"


class TargetQuerySet(permissions.ScopedQuerySet):
    """Every member reads the department's targets (anonymous visitors do not: not PublicReadQuerySet);
    only staff change them."""

    def visible_to(self, user):
        return self.all() if permissions.is_member(user) else self.none()


class Target(TimeStampedModel, DemoMarkedModel):
    """The department's income increase target (percent) for a fiscal year: for `all` or one project."""

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    project = models.CharField(_("โครงการ"), max_length=20, choices=TargetProject.choices,
                               default=TargetProject.ALL)
    target_percent = models.DecimalField(_("เป้าหมายรายได้เพิ่มขึ้น (ร้อยละ)"), max_digits=7, decimal_places=2)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "project"]
        verbose_name = _("เป้าหมาย")
        verbose_name_plural = _("เป้าหมาย")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "project"], name="target_unique_year_project",
                                    violation_error_message=_("มีเป้าหมายของโครงการนี้ในปีงบประมาณนี้แล้ว")),
            models.CheckConstraint(condition=Q(fiscal_year__gte=2500, fiscal_year__lte=2700),
                                   name="target_fiscal_year_be",
                                   violation_error_message=_("ปีงบประมาณต้องเป็นปี พ.ศ.")),
        ]

    def __str__(self):
        return f"{self.fiscal_year} · {self.get_project_display()} · {self.target_percent}%"


class DistrictTargetQuerySet(permissions.ScopedQuerySet):
    """Like the department's targets: every member reads district targets, only staff change them."""

    def visible_to(self, user):
        return self.all() if permissions.is_member(user) else self.none()


class UnitTargetQuerySet(UnitScopedQuerySet):
    """A unit's own target is read by whoever answers for the unit (staff, its producers, its
    coordinators: ``UnitScopedQuerySet``); only staff set it."""

    def editable_by(self, user):
        return permissions.ScopedQuerySet.editable_by(self, user)


def _fiscal_year_be(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(fiscal_year__gte=2500, fiscal_year__lte=2700), name=name,
                                  violation_error_message=_("ปีงบประมาณต้องเป็นปี พ.ศ."))


class CascadedTargetMixin(TimeStampedModel, DemoMarkedModel):
    """What a district or unit target has: the fiscal year, the percentage, why and who set it."""

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    target_percent = models.DecimalField(_("เป้าหมายรายได้เพิ่มขึ้น (ร้อยละ)"), max_digits=7, decimal_places=2)
    reason = models.TextField(_("เหตุผลที่กำหนดเป้าหมายนี้"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("กำหนดโดย"))

    class Meta:
        abstract = True


class DistrictTarget(CascadedTargetMixin):
    """A district's own target for a fiscal year: overrides the department's (project or `all`) target
    for the district's aggregate and for each of its units that has no target of its own."""

    district = models.ForeignKey("core.District", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("อำเภอ"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = DistrictTargetQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "district_id"]
        verbose_name = _("เป้าหมายรายอำเภอ")
        verbose_name_plural = _("เป้าหมายรายอำเภอ")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "district"], name="districttarget_unique_year",
                                    violation_error_message=_("มีเป้าหมายของอำเภอนี้ในปีงบประมาณนี้แล้ว")),
            _fiscal_year_be("districttarget_fiscal_year_be"),
            models.CheckConstraint(condition=~Q(reason=""), name="districttarget_reason_required",
                                   violation_error_message=_("ระบุเหตุผลที่กำหนดเป้าหมายนี้")),
        ]

    def __str__(self):
        return f"{self.fiscal_year} · {self.district_id} · {self.target_percent}%"


class UnitTarget(UnitMixin, CascadedTargetMixin):
    """A producer group's or tourism community's own target for a fiscal year: overrides its district's
    target and the department's, for every project the unit is enrolled in that year."""

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = UnitTargetQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "id"]
        verbose_name = _("เป้าหมายรายหน่วย")
        verbose_name_plural = _("เป้าหมายรายหน่วย")
        constraints = [
            _exactly_one_unit("unittarget_exactly_one_unit"),
            _fiscal_year_be("unittarget_fiscal_year_be"),
            models.CheckConstraint(condition=~Q(reason=""), name="unittarget_reason_required",
                                   violation_error_message=_("ระบุเหตุผลที่กำหนดเป้าหมายนี้")),
            models.UniqueConstraint(fields=["fiscal_year", "producer_group"],
                                    condition=Q(producer_group__isnull=False), name="unittarget_unique_group",
                                    violation_error_message=_("มีเป้าหมายของกลุ่มนี้ในปีงบประมาณนี้แล้ว")),
            models.UniqueConstraint(fields=["fiscal_year", "tourism_community"],
                                    condition=Q(tourism_community__isnull=False),
                                    name="unittarget_unique_community",
                                    violation_error_message=_("มีเป้าหมายของชุมชนนี้ในปีงบประมาณนี้แล้ว")),
        ]

    def __str__(self):
        return f"{self.fiscal_year} · {self.unit} · {self.target_percent}%"


class ReportQuerySet(permissions.ScopedQuerySet):
    """Reports are for CDD staff only (the ScopedQuerySet default)."""


class Report(TimeStampedModel):
    """A stored snapshot of the evaluation of one fiscal year as of one month, with xlsx and PDF files."""

    protected_file_fields = ("xlsx", "pdf")

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    as_of = models.DateField(_("ข้อมูลถึงเดือน"))
    version = models.PositiveSmallIntegerField(_("ฉบับที่"), default=1)
    status = models.CharField(_("สถานะ"), max_length=10, choices=ReportStatus.choices,
                              default=ReportStatus.QUEUED)
    snapshot = models.JSONField(_("ตัวเลขของรายงาน"), default=dict, blank=True)
    xlsx = models.FileField(_("ไฟล์ Excel"), upload_to="evaluation/reports/", blank=True)
    pdf = models.FileField(_("ไฟล์ PDF"), upload_to="evaluation/reports/", blank=True)
    error = models.TextField(_("ข้อผิดพลาด"), blank=True)
    started_at = models.DateTimeField(_("เริ่มสร้างเมื่อ"), null=True, blank=True)
    finished_at = models.DateTimeField(_("สร้างเสร็จเมื่อ"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("ขอโดย"))

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "-as_of", "-version"]
        verbose_name = _("รายงานผลการประเมิน")
        verbose_name_plural = _("รายงานผลการประเมิน")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "as_of", "version"], name="report_unique_version",
                                    violation_error_message=_("มีรายงานฉบับนี้แล้ว")),
            models.CheckConstraint(condition=Q(as_of__day=1), name="report_as_of_first_day",
                                   violation_error_message=_("เดือนต้องเป็นวันที่ 1 ของเดือน")),
        ]

    def __str__(self):
        return f"รายงานปีงบประมาณ {self.fiscal_year} ถึง {self.as_of:%Y-%m} ฉบับที่ {self.version}"

    def get_absolute_url(self):
        return reverse("evaluation:report_detail", kwargs={"pk": self.pk})


class Finding(TimeStampedModel):
    """What staff learnt from a report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="findings",
                               verbose_name=_("รายงาน"))
    title = models.CharField(_("ข้อค้นพบ"), max_length=200)
    detail = models.TextField(_("รายละเอียด"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("บันทึกโดย"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = permissions.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["report", "id"]
        verbose_name = _("ข้อค้นพบ")
        verbose_name_plural = _("ข้อค้นพบ")

    def __str__(self):
        return self.title


class ImprovementAction(TimeStampedModel):
    """An improvement action taken from a finding, tracked to done (staff only)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="actions",
                                verbose_name=_("ข้อค้นพบ"))
    what = models.CharField(_("สิ่งที่จะทำ"), max_length=300)
    owner = models.CharField(_("ผู้รับผิดชอบ"), max_length=200)
    due_date = models.DateField(_("กำหนดเสร็จ"))
    status = models.CharField(_("สถานะ"), max_length=12, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN)
    done_at = models.DateTimeField(_("เสร็จเมื่อ"), null=True, blank=True)
    result_note = models.TextField(_("ผลการดำเนินงาน"), blank=True)
    producer_group = models.ForeignKey(ProducerGroup, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+", verbose_name=_("กลุ่มผู้ผลิต"))
    tourism_community = models.ForeignKey("tourism.TourismCommunity", on_delete=models.SET_NULL, null=True, blank=True,
                                          related_name="+", verbose_name=_("ชุมชนท่องเที่ยว"))
    product = models.ForeignKey("products.Product", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("ผลิตภัณฑ์"))
    program = models.ForeignKey("tourism.Program", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("โปรแกรมท่องเที่ยว"))
    development_issue = models.ForeignKey("campaigns.DevelopmentIssue", on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+", verbose_name=_("ประเด็นการพัฒนา"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("บันทึกโดย"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = permissions.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_date", "id"]
        verbose_name = _("การปรับปรุง")
        verbose_name_plural = _("การปรับปรุง")
        constraints = [
            models.CheckConstraint(condition=Q(status=ActionStatus.DONE, done_at__isnull=False)
                                   | ~Q(status=ActionStatus.DONE),
                                   name="improvementaction_done_has_date",
                                   violation_error_message=_("งานที่เสร็จแล้วต้องมีวันที่เสร็จ")),
        ]

    def __str__(self):
        return self.what
