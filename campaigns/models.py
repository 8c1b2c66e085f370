"""Partners' support, development issues (ประเด็นปัญหา) with their thread, PR campaigns,
posts and tracked links.

Visibility rules live in each model's QuerySet (visible_to / editable_by), used by
pages, the API, the admin and the file server alike.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import permissions
from core.models import DemoMarkedModel, PartnerOrganisation, ProducerGroup, TimeStampedModel
from core.uploads import validate_image_file, validate_pdf_file

from .choices import (
    AttributedVia,
    Channel,
    CommentKind,
    ConversionKind,
    IssueCategory,
    IssuePriority,
    IssueStatus,
    OrderContact,
    SupportKind,
)

__all__ = ["IssueStatus", "IssueCategory", "IssuePriority", "DevelopmentIssue", "IssueAttachment",
           "IssueComment", "IssueStatusChange", "Support", "Campaign", "CampaignPost", "TrackedLink",
           "LinkClickDay", "LinkSessionDay", "Conversion", "AttributedSale", "AllowedRedirectHost"]


# --- Development issues -------------------------------------------------------


def _assigned_to_org(org_id):
    through = DevelopmentIssue.assigned_partners.through
    return through.objects.filter(partnerorganisation_id=org_id).values("developmentissue_id")


class DevelopmentIssueQuerySet(permissions.ScopedQuerySet):
    """A rule of its own (not GroupOwnedQuerySet): partners see by assignment to their organisation,
    producers also what they raised themselves, and nobody sees anything as "public"."""

    def visible_to(self, user):
        """Staff: all. A partner: only issues assigned to their organisation. A producer:
        issues they raised or raised for their groups. Anyone else (expert, anonymous): none."""
        if permissions.is_staff_user(user):
            return self.all()
        org_id = permissions.partner_organisation_id(user)
        if org_id:
            return self.filter(pk__in=_assigned_to_org(org_id))
        if permissions.is_producer(user):
            return self.filter(Q(raised_by=user) | Q(group_id__in=permissions.producer_group_ids(user)))
        return self.none()

    def editable_by(self, user):
        """Editing the issue itself (title, description, links): staff, or the raising
        producer/group while the issue is still open. Partners act only through the
        status flow and comments (campaigns.services), never by editing the issue."""
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_producer(user):
            return self.visible_to(user).filter(status=IssueStatus.OPEN)
        return self.none()

    def with_related(self):
        return self.select_related("group", "raised_by", "product", "project", "community",
                                   "staff_contact").prefetch_related("assigned_partners")


class DevelopmentIssue(TimeStampedModel, DemoMarkedModel):
    """A problem (ประเด็นปัญหา) a group faces that needs a partner's help."""

    title = models.CharField(_("หัวข้อ"), max_length=200)
    category = models.CharField(_("หมวด"), max_length=20, choices=IssueCategory.choices)
    priority = models.CharField(_("ความสำคัญ"), max_length=10, choices=IssuePriority.choices,
                                default=IssuePriority.NORMAL)
    description = models.TextField(_("รายละเอียด"), blank=True)
    group = models.ForeignKey(ProducerGroup, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="development_issues", verbose_name=_("กลุ่มผู้ผลิต"))
    product = models.ForeignKey("products.Product", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="development_issues", verbose_name=_("ผลิตภัณฑ์"))
    project = models.ForeignKey("products.DevelopmentProject", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="development_issues", verbose_name=_("โครงการพัฒนาผลิตภัณฑ์"))
    community = models.ForeignKey("tourism.TourismCommunity", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="development_issues", verbose_name=_("ชุมชนท่องเที่ยว"))
    status = models.CharField(_("สถานะ"), max_length=12, choices=IssueStatus.choices, default=IssueStatus.OPEN)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="raised_issues", verbose_name=_("ผู้แจ้ง"))
    staff_contact = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="issues_as_staff_contact",
                                      verbose_name=_("เจ้าหน้าที่ผู้ประสานงาน"))
    assigned_partners = models.ManyToManyField(PartnerOrganisation, blank=True, related_name="assigned_issues",
                                               verbose_name=_("ภาคีที่ได้รับมอบหมาย"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = DevelopmentIssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ประเด็นปัญหา")
        verbose_name_plural = _("ประเด็นปัญหา")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:issue_detail", kwargs={"pk": self.pk})


def validate_attachment(file) -> None:
    """An attachment is a real image (JPG/PNG/WEBP/GIF) or a PDF document."""
    from django.core.exceptions import ValidationError

    name = (getattr(file, "name", "") or "").lower()
    if name.endswith(".pdf"):
        validate_pdf_file(file)
        return
    try:
        validate_image_file(file)
    except ValidationError as exc:
        raise ValidationError(_("แนบได้เฉพาะรูปภาพ (JPG, PNG, WEBP, GIF) หรือไฟล์ PDF"),
                              code="attachment_type") from exc


class IssueChildQuerySet(permissions.ScopedQuerySet):
    """Attachments, comments and status changes are seen by whoever sees the issue. Not a
    ChildQuerySet: the thread is written only through the services (issue_comment, issue_attach),
    so editing a row is for staff alone, not for whoever may edit the issue."""

    def visible_to(self, user):
        return self.filter(issue__in=DevelopmentIssue.objects.visible_to(user))

    def editable_by(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        return self.none()


class IssueAttachment(TimeStampedModel, DemoMarkedModel):
    protected_file_fields = ("file",)

    issue = models.ForeignKey(DevelopmentIssue, on_delete=models.CASCADE, related_name="attachments",
                              verbose_name=_("ประเด็นปัญหา"))
    file = models.FileField(_("ไฟล์"), upload_to="issues/%Y/%m/", validators=[validate_attachment])
    caption = models.CharField(_("คำอธิบาย"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("ผู้แนบ"))

    objects = IssueChildQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("ไฟล์แนบประเด็นปัญหา")
        verbose_name_plural = _("ไฟล์แนบประเด็นปัญหา")

    def __str__(self):
        return self.caption or self.file.name.rsplit("/", 1)[-1]


class IssueComment(TimeStampedModel, DemoMarkedModel):
    """A message in an issue's thread: a comment, or a progress note by the partner."""

    issue = models.ForeignKey(DevelopmentIssue, on_delete=models.CASCADE, related_name="comments",
                              verbose_name=_("ประเด็นปัญหา"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+", verbose_name=_("ผู้เขียน"))
    kind = models.CharField(_("ประเภท"), max_length=10, choices=CommentKind.choices, default=CommentKind.COMMENT)
    body = models.TextField(_("ข้อความ"), max_length=5000)

    objects = IssueChildQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("ความเห็น/ความคืบหน้า")
        verbose_name_plural = _("ความเห็น/ความคืบหน้า")

    def __str__(self):
        return self.body[:60]


class IssueStatusChange(models.Model):
    """The status log: who moved the issue from what to what, when, and why."""

    issue = models.ForeignKey(DevelopmentIssue, on_delete=models.CASCADE, related_name="status_changes",
                              verbose_name=_("ประเด็นปัญหา"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              related_name="+", verbose_name=_("ผู้ดำเนินการ"))
    action = models.CharField(_("การดำเนินการ"), max_length=12)
    from_status = models.CharField(_("จากสถานะ"), max_length=12, choices=IssueStatus.choices, blank=True)
    to_status = models.CharField(_("เป็นสถานะ"), max_length=12, choices=IssueStatus.choices)
    note = models.TextField(_("หมายเหตุ"), blank=True)
    created_at = models.DateTimeField(_("เมื่อ"), auto_now_add=True)

    objects = IssueChildQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("บันทึกการเปลี่ยนสถานะ")
        verbose_name_plural = _("บันทึกการเปลี่ยนสถานะ")

    def __str__(self):
        return f"{self.issue_id}: {self.from_status} → {self.to_status}"


# --- Support by partners ---------------------------------------------------------


class SupportQuerySet(permissions.ScopedQuerySet):
    """A rule of its own: the giving partner organisation sees and corrects its records, the
    receiving groups (directly or through their projects) only see them."""

    def visible_to(self, user):
        """Staff: all. A partner: what their organisation gave. A producer: what their
        groups (or their groups' development projects) received. Others: none."""
        if permissions.is_staff_user(user):
            return self.all()
        org_id = permissions.partner_organisation_id(user)
        if org_id:
            return self.filter(partner_id=org_id)
        if permissions.is_producer(user):
            groups = permissions.producer_group_ids(user)
            return self.filter(Q(group_id__in=groups) | Q(project__group_id__in=groups))
        return self.none()

    def editable_by(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        org_id = permissions.partner_organisation_id(user)
        if org_id:
            return self.filter(partner_id=org_id)
        return self.none()

    def with_related(self):
        return self.select_related("partner", "group", "project", "community", "issue", "recorded_by")


class Support(TimeStampedModel, DemoMarkedModel):
    """What a partner gave (money, equipment, training, ...) to a group, project or community."""

    partner = models.ForeignKey(PartnerOrganisation, on_delete=models.PROTECT, related_name="supports",
                                verbose_name=_("ภาคีเครือข่าย"))
    kind = models.CharField(_("ประเภทการสนับสนุน"), max_length=20, choices=SupportKind.choices)
    title = models.CharField(_("เรื่อง"), max_length=200)
    group = models.ForeignKey(ProducerGroup, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="supports", verbose_name=_("กลุ่มผู้ผลิต"))
    project = models.ForeignKey("products.DevelopmentProject", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="supports", verbose_name=_("โครงการพัฒนาผลิตภัณฑ์"))
    community = models.ForeignKey("tourism.TourismCommunity", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="supports", verbose_name=_("ชุมชนท่องเที่ยว"))
    issue = models.ForeignKey(DevelopmentIssue, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="supports", verbose_name=_("ตอบประเด็นปัญหา"))
    date = models.DateField(_("วันที่"))
    value = models.DecimalField(_("มูลค่า (บาท)"), max_digits=12, decimal_places=2, default=0,
                                validators=[MinValueValidator(0)])
    description = models.TextField(_("รายละเอียด"), blank=True)
    outcome = models.TextField(_("ผลลัพธ์"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("ผู้บันทึก"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = SupportQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("การสนับสนุนจากภาคี")
        verbose_name_plural = _("การสนับสนุนจากภาคี")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="support_value_gte_0",
                                   violation_error_message=_("มูลค่าต้องไม่ติดลบ")),
            models.CheckConstraint(
                condition=Q(group__isnull=False) | Q(project__isnull=False) | Q(community__isnull=False),
                name="support_has_recipient",
                violation_error_message=_("ระบุผู้รับการสนับสนุน: กลุ่ม โครงการ หรือชุมชนท่องเที่ยว อย่างน้อยหนึ่งอย่าง")),
        ]

    def __str__(self):
        return f"{self.partner} · {self.title}"

    @property
    def recipient(self):
        return self.group or self.project or self.community


# --- Campaigns ------------------------------------------------------------------


class StaffOnlyQuerySet(permissions.ScopedQuerySet):
    """Campaign planning, metrics and links are back-office data of CDD staff."""


class Campaign(TimeStampedModel, DemoMarkedModel):
    """A PR/marketing campaign making Ang Thong's OTOP products and tourism known."""

    name = models.CharField(_("ชื่อแคมเปญ"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    goal = models.TextField(_("เป้าหมาย"), blank=True)
    starts_on = models.DateField(_("เริ่ม"))
    ends_on = models.DateField(_("สิ้นสุด"))
    audience = models.CharField(_("กลุ่มเป้าหมาย"), max_length=300, blank=True)
    channels = ArrayField(models.CharField(max_length=20, choices=Channel.choices), default=list, blank=True,
                          verbose_name=_("ช่องทาง"))
    budget = models.DecimalField(_("งบประมาณ (บาท)"), max_digits=12, decimal_places=2, default=0,
                                 validators=[MinValueValidator(0)])
    featured_products = models.ManyToManyField("products.Product", blank=True, related_name="campaigns",
                                               verbose_name=_("ผลิตภัณฑ์ที่นำเสนอ"))
    featured_programs = models.ManyToManyField("tourism.Program", blank=True, related_name="campaigns",
                                               verbose_name=_("โปรแกรมท่องเที่ยวที่นำเสนอ"))
    featured_wisdom = models.ManyToManyField("wisdom.WisdomRecord", blank=True, related_name="campaigns",
                                             verbose_name=_("ภูมิปัญญาที่นำเสนอ"))
    featured_events = models.ManyToManyField("network.Event", blank=True, related_name="campaigns",
                                             verbose_name=_("กิจกรรมที่นำเสนอ"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="campaigns_owned", verbose_name=_("ผู้รับผิดชอบ"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("แคมเปญประชาสัมพันธ์")
        verbose_name_plural = _("แคมเปญประชาสัมพันธ์")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="campaign_ends_after_start",
                                   violation_error_message=_("วันสิ้นสุดต้องไม่ก่อนวันเริ่ม")),
            models.CheckConstraint(condition=Q(budget__gte=0), name="campaign_budget_gte_0",
                                   violation_error_message=_("งบประมาณต้องไม่ติดลบ")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaigns:campaign_detail", kwargs={"slug": self.slug})

    @property
    def channel_labels(self) -> list[str]:
        return [str(Channel(c).label) for c in self.channels if c in Channel.values]


class CampaignPost(TimeStampedModel, DemoMarkedModel):
    """One post of a campaign on a channel, with its metrics (entered or imported from CSV)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="posts",
                                 verbose_name=_("แคมเปญ"))
    channel = models.CharField(_("ช่องทาง"), max_length=20, choices=Channel.choices)
    url = models.URLField(_("ลิงก์โพสต์"), max_length=500)
    posted_on = models.DateField(_("วันที่โพสต์"))
    reach = models.PositiveIntegerField(_("การเข้าถึง (reach)"), default=0)
    impressions = models.PositiveIntegerField(_("การแสดงผล (impressions)"), default=0)
    engagement = models.PositiveIntegerField(_("การมีส่วนร่วม (engagement)"), default=0)
    clicks = models.PositiveIntegerField(_("คลิก"), default=0)
    video_views = models.PositiveIntegerField(_("ยอดชมวิดีโอ"), default=0)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_on", "-pk"]
        verbose_name = _("โพสต์ของแคมเปญ")
        verbose_name_plural = _("โพสต์ของแคมเปญ")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "url"], name="campaignpost_unique_url",
                                    violation_error_message=_("แคมเปญนี้มีโพสต์ลิงก์นี้อยู่แล้ว")),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {self.posted_on}"


class AllowedRedirectHost(TimeStampedModel):
    """An external host a tracked link may lead to (exact host or its subdomains)."""

    host = models.CharField(_("โดเมน"), max_length=253, unique=True,
                            help_text=_("เช่น shopee.co.th (รวมโดเมนย่อย เช่น www.shopee.co.th)"))
    note = models.CharField(_("หมายเหตุ"), max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["host"]
        verbose_name = _("โดเมนภายนอกที่อนุญาต")
        verbose_name_plural = _("โดเมนภายนอกที่อนุญาต")

    def __str__(self):
        return self.host


HUMAN_CODE_RE = r"^[A-Z0-9]+(-[A-Z0-9]+)*$"
validate_human_code = RegexValidator(
    HUMAN_CODE_RE, _("รหัสสำหรับกรอกใช้ได้เฉพาะตัวอักษรอังกฤษ ตัวเลข และขีดคั่น เช่น AT-FAIR-24"))


class TrackedLink(TimeStampedModel, DemoMarkedModel):
    """A short link /go/<code> of a campaign and channel that counts clicks per day."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="links",
                                 verbose_name=_("แคมเปญ"))
    channel = models.CharField(_("ช่องทาง"), max_length=20, choices=Channel.choices)
    code = models.SlugField(_("รหัสลิงก์"), max_length=40, unique=True)
    human_code = models.CharField(
        _("รหัสสำหรับกรอก"), max_length=20, blank=True, validators=[validate_human_code],
        help_text=_("รหัสสั้นที่พิมพ์บนการ์ดบูธหรือฉลากสินค้า เช่น AT-FAIR-24 ให้นักท่องเที่ยวกรอกตอนจอง "
                    "(ตัวอักษรอังกฤษพิมพ์ใหญ่ ตัวเลข และขีด)"))
    label = models.CharField(_("ชื่อเรียก"), max_length=200, blank=True)
    target = models.CharField(_("ปลายทาง"), max_length=1000,
                              help_text=_("หน้าในพอร์ทัลนี้ (เช่น /products/...) หรือ URL ร้านค้าภายนอกที่อนุญาต"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("ผู้สร้าง"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "code"]
        verbose_name = _("ลิงก์ติดตามผล")
        verbose_name_plural = _("ลิงก์ติดตามผล")
        constraints = [
            models.UniqueConstraint(fields=["human_code"], condition=~Q(human_code=""),
                                    name="trackedlink_unique_human_code",
                                    violation_error_message=_("รหัสสำหรับกรอกนี้ถูกใช้กับลิงก์อื่นแล้ว")),
            models.CheckConstraint(condition=Q(human_code=Upper("human_code")),
                                   name="trackedlink_human_code_upper",
                                   violation_error_message=_("รหัสสำหรับกรอกต้องเป็นตัวพิมพ์ใหญ่")),
        ]

    def __str__(self):
        return f"/go/{self.code}"

    def get_absolute_url(self):
        return reverse("campaigns:go", kwargs={"code": self.code})


class LinkClickDay(models.Model):
    """Clicks on a tracked link on one day. No visitor data is stored: only a count."""

    link = models.ForeignKey(TrackedLink, on_delete=models.CASCADE, related_name="click_days",
                             verbose_name=_("ลิงก์"))
    day = models.DateField(_("วันที่"))
    count = models.PositiveIntegerField(_("จำนวนคลิก"), default=0)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["day"]
        verbose_name = _("คลิกรายวัน")
        verbose_name_plural = _("คลิกรายวัน")
        constraints = [
            models.UniqueConstraint(fields=["link", "day"], name="linkclickday_unique_link_day"),
        ]

    def __str__(self):
        return f"{self.link_id} {self.day}: {self.count}"


class LinkSessionDay(models.Model):
    """Visits a tracked link started on one day: a /go/<code> that set the attribution cookie for this
    link (a repeated scan of the same link within 30 days refreshes the cookie but is not a new visit;
    visitors with Do-Not-Track get no cookie and are not counted). Only a count, no visitor data."""

    link = models.ForeignKey(TrackedLink, on_delete=models.CASCADE, related_name="session_days",
                             verbose_name=_("ลิงก์"))
    day = models.DateField(_("วันที่"))
    count = models.PositiveIntegerField(_("จำนวนการเข้าชม"), default=0)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["day"]
        verbose_name = _("การเข้าชมจากลิงก์รายวัน")
        verbose_name_plural = _("การเข้าชมจากลิงก์รายวัน")
        constraints = [
            models.UniqueConstraint(fields=["link", "day"], name="linksessionday_unique_link_day"),
        ]

    def __str__(self):
        return f"{self.link_id} {self.day}: {self.count}"


class Conversion(models.Model):
    """A booking or an order-contact click credited to a tracked link, by the one rule of
    campaigns.selectors.attribution_for (the last tracked link within 30 days, or a code typed in).
    Nothing about the visitor is stored: the booking is the tourism app's own row."""

    link = models.ForeignKey(TrackedLink, on_delete=models.CASCADE, related_name="conversions",
                             verbose_name=_("ลิงก์"))
    kind = models.CharField(_("ประเภท"), max_length=10, choices=ConversionKind.choices)
    via = models.CharField(_("ที่มา"), max_length=10, choices=AttributedVia.choices)
    touched_at = models.DateTimeField(_("เปิดลิงก์เมื่อ"), null=True, blank=True)
    created_at = models.DateTimeField(_("เมื่อ"), default=timezone.now)
    booking = models.OneToOneField("tourism.Booking", on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="attribution", verbose_name=_("การจอง"))
    product = models.ForeignKey("products.Product", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+", verbose_name=_("ผลิตภัณฑ์"))
    contact = models.CharField(_("ช่องทางติดต่อ"), max_length=10, choices=OrderContact.choices, blank=True)
    is_demo = models.BooleanField(_("ข้อมูลตัวอย่าง"), default=False)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ผลลัพธ์ที่มาจากลิงก์")
        verbose_name_plural = _("ผลลัพธ์ที่มาจากลิงก์")
        indexes = [models.Index(fields=["link", "kind"], name="conversion_link_kind")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=ConversionKind.BOOKING, booking__isnull=False)
                           | Q(kind=ConversionKind.CONTACT, booking__isnull=True, product__isnull=False)),
                name="conversion_kind_matches_target",
                violation_error_message=_("การจองต้องระบุการจอง การคลิกติดต่อต้องระบุผลิตภัณฑ์")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ← /go/{self.link_id}"


class AttributedSaleQuerySet(permissions.ScopedQuerySet):
    """A rule of its own: a producer sees and records the sales of their groups, staff all."""

    def visible_to(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_producer(user):
            return self.filter(group_id__in=permissions.producer_group_ids(user))
        return self.none()

    def editable_by(self, user):
        return self.visible_to(user)


class AttributedSale(TimeStampedModel, DemoMarkedModel):
    """A sale a producer credits to a tracked link's human code (e.g. a customer who showed the
    fair-booth card): it counts in the campaign's funnel as an attributed sale."""

    link = models.ForeignKey(TrackedLink, on_delete=models.PROTECT, related_name="sales",
                             verbose_name=_("ลิงก์/รหัส"))
    group = models.ForeignKey(ProducerGroup, on_delete=models.PROTECT, related_name="attributed_sales",
                              verbose_name=_("กลุ่มผู้ผลิต"))
    product = models.ForeignKey("products.Product", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("ผลิตภัณฑ์"))
    # The month's product sale (evaluation) this sale is part of: set by services.sale_record when the group
    # recorded that product's sales for the month of `sold_on`; its amount caps the sales linked to it.
    product_sale = models.ForeignKey("evaluation.ProductSale", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("ส่วนหนึ่งของยอดขายรายผลิตภัณฑ์ของเดือน"))
    sold_on = models.DateField(_("วันที่ขาย"))
    amount = models.DecimalField(_("ยอดขาย (บาท)"), max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    note = models.CharField(_("หมายเหตุ"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("ผู้บันทึก"))

    objects = AttributedSaleQuerySet.as_manager()

    class Meta:
        ordering = ["-sold_on", "-pk"]
        verbose_name = _("ยอดขายที่มาจากรหัสแคมเปญ")
        verbose_name_plural = _("ยอดขายที่มาจากรหัสแคมเปญ")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="attributedsale_amount_gt_0",
                                   violation_error_message=_("ยอดขายต้องมากกว่า 0")),
        ]

    def __str__(self):
        return f"{self.link_id} {self.sold_on}: {self.amount}"
