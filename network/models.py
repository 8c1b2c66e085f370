from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import permissions
from core.models import DemoMarkedModel, District, ProducerGroup, TimeStampedModel
from core.urlcache import reverse  # memoised django.urls.reverse (a list asks for the same URLs per request)

from .choices import (  # noqa: F401  (EventKind/EventStatus stay importable from network.models)
    Audience,
    ContactPreference,
    EventKind,
    EventStatus,
    Expertise,
    KnowledgeKind,
    KnowledgeStatus,
    MentorshipStatus,
    RegistrationStatus,
    Visibility,
)
from .validators import validate_attachment, validate_http_url, validate_meeting_url

# --- Experts -----------------------------------------------------------------------


# A before/after change beyond this is a typo (wrong unit), and would not fit the API's figure.
MAX_FIGURE_CHANGE_PERCENT = 1_000_000

class ExpertProfileQuerySet(permissions.ScopedQuerySet):
    """A rule of its own (no declarative base fits): the visitor's login decides between public and
    members-only profiles, and the profile's linked account (not a producer group) may edit it."""

    def visible_to(self, user):
        """Active public profiles for everyone; members-only profiles for logged-in members;
        staff see all; an expert always sees their own profile."""
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_member(user):
            return self.filter(Q(is_active=True) | Q(user=user))
        return self.filter(is_active=True, visibility=Visibility.PUBLIC)

    def editable_by(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_expert(user):
            return self.filter(user=user)
        return self.none()


class ExpertProfile(TimeStampedModel, DemoMarkedModel):
    """An expert of the KBO network (designer, marketer, academic, tourism expert…)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="expert_profile", verbose_name=_("บัญชีผู้ใช้ (ผู้เชี่ยวชาญ)"))
    name = models.CharField(_("ชื่อ-นามสกุล"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    title = models.CharField(_("ตำแหน่ง/คำนำหน้า"), max_length=120, blank=True)
    expertise = ArrayField(models.CharField(max_length=30, choices=Expertise.choices), default=list,
                           verbose_name=_("ความเชี่ยวชาญ"))
    organisation = models.CharField(_("หน่วยงาน/องค์กร"), max_length=200, blank=True)
    bio = models.TextField(_("ประวัติโดยย่อ"), blank=True)
    districts_served = models.ManyToManyField(District, blank=True, related_name="experts",
                                              verbose_name=_("อำเภอที่ให้บริการ"))
    languages = models.CharField(_("ภาษาที่ใช้"), max_length=120, default="ไทย", blank=True)
    contact_preference = models.CharField(_("ช่องทางติดต่อที่สะดวก"), max_length=10,
                                          choices=ContactPreference.choices, default=ContactPreference.PORTAL)
    email = models.EmailField(_("อีเมล"), blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=40, blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=60, blank=True)
    visibility = models.CharField(_("การแสดงผล"), max_length=10, choices=Visibility.choices,
                                  default=Visibility.PUBLIC)
    is_active = models.BooleanField(_("เปิดใช้งาน"), default=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ExpertProfileQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("ผู้เชี่ยวชาญ")
        verbose_name_plural = _("ผู้เชี่ยวชาญ")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:expert_detail", kwargs={"slug": self.slug})

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.user_id and getattr(self.user, "role", None) != permissions.EXPERT:
            raise ValidationError({"user": _("บัญชีที่ผูกกับโปรไฟล์ต้องมีบทบาทผู้เชี่ยวชาญ")})
        bad = [e for e in self.expertise if e not in Expertise.values]
        if bad:
            raise ValidationError({"expertise": _("ไม่รู้จักความเชี่ยวชาญ: %(v)s") % {"v": ", ".join(bad)}})

    def expertise_labels(self):
        labels = dict(Expertise.choices)
        return [labels.get(e, e) for e in self.expertise]


# --- Knowledge library -------------------------------------------------------------


class KnowledgeItemQuerySet(permissions.ScopedQuerySet):
    """A rule of its own: items are owned by their author (an account, not a producer group), who
    sees them in every status but edits them only while they are drafts."""

    def visible_to(self, user):
        """Published items for everyone; authors see their own drafts; staff see all."""
        if permissions.is_staff_user(user):
            return self.all()
        q = Q(status=KnowledgeStatus.PUBLISHED)
        if permissions.is_member(user):
            q |= Q(author=user)
        return self.filter(q)

    def editable_by(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_member(user):
            return self.filter(author=user, status=KnowledgeStatus.DRAFT)
        return self.none()

    def published(self):
        return self.filter(status=KnowledgeStatus.PUBLISHED)


class KnowledgeItem(TimeStampedModel, DemoMarkedModel):
    """An article, how-to technique, case study (before/after figures) or video lesson."""

    title = models.CharField(_("ชื่อเรื่อง"), max_length=200)
    title_en = models.CharField(_("ชื่อเรื่อง (อังกฤษ)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    kind = models.CharField(_("ประเภท"), max_length=20, choices=KnowledgeKind.choices)
    summary = models.CharField(_("สรุปย่อ"), max_length=400, blank=True)
    summary_en = models.CharField(_("สรุปย่อ (อังกฤษ)"), max_length=400, blank=True)
    body = models.TextField(_("เนื้อหา"), blank=True)
    tags = ArrayField(models.CharField(max_length=40), default=list, blank=True, verbose_name=_("แท็ก"))
    video_url = models.URLField(_("ลิงก์วิดีโอ"), blank=True, validators=[validate_http_url])
    figure_label = models.CharField(_("ตัวชี้วัด (กรณีศึกษา)"), max_length=120, blank=True,
                                    help_text=_("เช่น รายได้เฉลี่ยต่อเดือน"))
    figure_unit = models.CharField(_("หน่วย"), max_length=40, blank=True)
    figure_before = models.DecimalField(_("ก่อนพัฒนา"), max_digits=14, decimal_places=2, null=True, blank=True)
    figure_after = models.DecimalField(_("หลังพัฒนา"), max_digits=14, decimal_places=2, null=True, blank=True)
    wisdom_records = models.ManyToManyField("wisdom.WisdomRecord", blank=True, related_name="knowledge_items",
                                            verbose_name=_("ภูมิปัญญาที่เกี่ยวข้อง"))
    products = models.ManyToManyField("products.Product", blank=True, related_name="knowledge_items",
                                      verbose_name=_("ผลิตภัณฑ์ที่เกี่ยวข้อง"))
    experts = models.ManyToManyField(ExpertProfile, blank=True, related_name="knowledge_items",
                                     verbose_name=_("ผู้เชี่ยวชาญที่เกี่ยวข้อง"))
    status = models.CharField(_("สถานะ"), max_length=12, choices=KnowledgeStatus.choices,
                              default=KnowledgeStatus.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="knowledge_items", verbose_name=_("ผู้เขียน"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("ผู้ตรวจ"))
    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = KnowledgeItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("องค์ความรู้")
        verbose_name_plural = _("คลังองค์ความรู้")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:knowledge_detail", kwargs={"slug": self.slug})

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.kind == KnowledgeKind.VIDEO and not self.video_url:
            raise ValidationError({"video_url": _("บทเรียนวิดีโอต้องมีลิงก์วิดีโอ")})
        if self.kind == KnowledgeKind.CASE_STUDY and (self.figure_before is None or self.figure_after is None
                                                      or not self.figure_label):
            raise ValidationError(_("กรณีศึกษาต้องระบุตัวชี้วัด ค่าก่อนและหลังการพัฒนา"))
        change = self.figure_change_percent
        if change is not None and abs(change) > MAX_FIGURE_CHANGE_PERCENT:
            raise ValidationError({"figure_after": _(
                "ค่าก่อนและหลังการพัฒนาต่างกันเกินหนึ่งล้านเปอร์เซ็นต์ กรุณาตรวจสอบตัวเลขและหน่วยอีกครั้ง")})

    @property
    def figure_change_percent(self) -> Decimal | None:
        if self.figure_before in (None, 0) or self.figure_after is None:
            return None
        return round((self.figure_after - self.figure_before) * 100 / self.figure_before, 1)


class KnowledgeAttachment(TimeStampedModel, DemoMarkedModel):
    """A PDF or image attached to a knowledge item (served through core.files)."""

    protected_file_fields = ("file",)

    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="attachments",
                             verbose_name=_("องค์ความรู้"))
    title = models.CharField(_("ชื่อไฟล์"), max_length=200)
    file = models.FileField(_("ไฟล์ (PDF หรือรูปภาพ)"), upload_to="network/knowledge/",
                            validators=[validate_attachment])
    history = HistoricalRecords(excluded_fields=["updated_at"])

    # Seen and changed exactly with its knowledge item.
    objects = permissions.scoped(permissions.ChildQuerySet, parent_field="item").as_manager()

    class Meta:
        ordering = ["item", "title"]
        verbose_name = _("ไฟล์แนบองค์ความรู้")
        verbose_name_plural = _("ไฟล์แนบองค์ความรู้")

    def __str__(self):
        return self.title


# --- Events ---------------------------------------------------------------------------


class Event(TimeStampedModel, DemoMarkedModel):
    """A training course, workshop, exchange forum or online meeting of the KBO network."""

    protected_file_fields = ("materials_file",)

    title = models.CharField(_("ชื่อกิจกรรม"), max_length=200)
    title_en = models.CharField(_("ชื่อกิจกรรม (อังกฤษ)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    kind = models.CharField(_("ประเภท"), max_length=20, choices=EventKind.choices)
    starts_at = models.DateTimeField(_("เริ่ม"))
    ends_at = models.DateTimeField(_("สิ้นสุด"))
    status = models.CharField(_("สถานะ"), max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT)
    description = models.TextField(_("รายละเอียด"), blank=True)
    description_en = models.TextField(_("รายละเอียด (อังกฤษ)"), blank=True)
    venue = models.CharField(_("สถานที่"), max_length=300, blank=True)
    venue_en = models.CharField(_("สถานที่ (อังกฤษ)"), max_length=300, blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="network_events", verbose_name=_("อำเภอ"))
    online_url = models.URLField(_("ลิงก์ประชุมออนไลน์"), blank=True, validators=[validate_meeting_url],
                                 help_text=_("Zoom, Google Meet, Microsoft Teams หรือ Facebook Live "
                                             "— แสดงเฉพาะผู้ลงทะเบียนที่ได้รับการยืนยัน"))
    speakers = models.ManyToManyField(ExpertProfile, blank=True, related_name="events",
                                      verbose_name=_("วิทยากร"))
    wisdom_records = models.ManyToManyField("wisdom.WisdomRecord", blank=True, related_name="network_events",
                                            verbose_name=_("ภูมิปัญญาที่ถ่ายทอด"),
                                            help_text=_("ภูมิปัญญาท้องถิ่นที่กิจกรรม/การอบรมนี้สอนหรือถ่ายทอด"))
    capacity = models.PositiveIntegerField(_("จำนวนที่รับ"), default=30)
    audience = models.CharField(_("กลุ่มเป้าหมาย"), max_length=12, choices=Audience.choices,
                                default=Audience.PRODUCERS)
    registration_deadline = models.DateTimeField(_("ปิดรับสมัคร"), null=True, blank=True,
                                                 help_text=_("ว่างไว้ = ปิดรับเมื่อเริ่มกิจกรรม"))
    recording_url = models.URLField(_("ลิงก์บันทึกย้อนหลัง"), blank=True, validators=[validate_http_url])
    materials = models.TextField(_("เอกสารประกอบ/สรุปหลังกิจกรรม"), blank=True)
    materials_file = models.FileField(_("ไฟล์เอกสารประกอบ"), upload_to="network/events/", blank=True,
                                      validators=[validate_attachment])
    history = HistoricalRecords(excluded_fields=["updated_at"])

    # Everyone sees published (and cancelled) events; staff see drafts and change everything.
    objects = permissions.scoped(permissions.PublicReadQuerySet,
                                 public_q=Q(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])).as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("กิจกรรม/อบรม")
        verbose_name_plural = _("กิจกรรม/อบรม")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start",
                                   violation_error_message=_("เวลาสิ้นสุดต้องไม่ก่อนเวลาเริ่ม")),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_capacity_gte_1",
                                   violation_error_message=_("จำนวนที่รับต้องอย่างน้อย 1 คน")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:event_detail", kwargs={"slug": self.slug})

    def clean(self):
        from django.core.exceptions import ValidationError

        # The portal's range of years (BE 2500–2700, as fiscal years): a typo such as the year 409 is refused
        # (before 1920 Bangkok's local mean time would even be read back with a +06:42:04 offset).
        out_of_range = {name: _("ปีต้องอยู่ระหว่าง พ.ศ. 2500–2700") for name in
                        ("starts_at", "ends_at", "registration_deadline")
                        if getattr(self, name) and not 2500 <= getattr(self, name).year + 543 <= 2700}
        if out_of_range:
            raise ValidationError(out_of_range)
        if self.registration_deadline and self.starts_at and self.registration_deadline > self.ends_at:
            raise ValidationError({"registration_deadline": _("วันปิดรับสมัครต้องไม่หลังวันสิ้นสุดกิจกรรม")})

    @property
    def closes_at(self):
        return self.registration_deadline or self.starts_at

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)


# --- Registrations ---------------------------------------------------------------------


class RegistrationQuerySet(permissions.ScopedQuerySet):
    """A rule of its own: a registration belongs to one person's account, not to a producer group."""

    def visible_to(self, user):
        """Staff see every registration; a member sees only their own."""
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_member(user):
            return self.filter(user=user)
        return self.none()

    def editable_by(self, user):
        return self.visible_to(user)

    def active(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)


class Registration(TimeStampedModel, DemoMarkedModel):
    """A person's place at an event: confirmed, waitlisted or cancelled; attendance after the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations",
                              verbose_name=_("กิจกรรม"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="event_registrations", verbose_name=_("บัญชีผู้ใช้"))
    group = models.ForeignKey(ProducerGroup, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="event_registrations", verbose_name=_("กลุ่มผู้ผลิต"))
    name = models.CharField(_("ชื่อ-นามสกุล"), max_length=200)
    email = models.EmailField(_("อีเมล"), blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=40, blank=True)
    contact_key = models.CharField(_("รหัสติดต่อ (ใช้ตรวจซ้ำ)"), max_length=254, blank=True, editable=False)
    phone_key = models.CharField(_("เบอร์โทร (ตัวเลข)"), max_length=20, blank=True, editable=False)
    status = models.CharField(_("สถานะ"), max_length=12, choices=RegistrationStatus.choices)
    registered_at = models.DateTimeField(_("ลงทะเบียนเมื่อ"))
    attended = models.BooleanField(_("เข้าร่วมจริง"), null=True, blank=True)
    attendance_marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                             blank=True, related_name="+", verbose_name=_("ผู้บันทึกการเข้าร่วม"))
    reminded_at = models.DateTimeField(_("ส่งอีเมลเตือนเมื่อ"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "registered_at", "pk"]
        verbose_name = _("การลงทะเบียน")
        verbose_name_plural = _("การลงทะเบียน")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], condition=Q(user__isnull=False),
                                    name="registration_unique_user_per_event",
                                    violation_error_message=_("คุณลงทะเบียนกิจกรรมนี้แล้ว")),
            models.UniqueConstraint(fields=["event", "contact_key"], condition=~Q(contact_key=""),
                                    name="registration_unique_contact_per_event",
                                    violation_error_message=_("อีเมลหรือเบอร์โทรนี้ลงทะเบียนกิจกรรมนี้แล้ว")),
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(contact_key=""),
                                   name="registration_has_person",
                                   violation_error_message=_("ต้องมีบัญชีผู้ใช้ หรือชื่อพร้อมช่องทางติดต่อ")),
        ]
        indexes = [models.Index(fields=["event", "status", "registered_at"])]

    def __str__(self):
        return f"{self.name} · {self.event}"

    @property
    def recipient(self) -> str:
        return self.email or (self.user.email if self.user_id and self.user else "")


# --- Mentoring ----------------------------------------------------------------------------


class MentorshipQuerySet(permissions.ScopedQuerySet):
    """A rule of its own: participants are reached through three paths (the mentor expert's account,
    the mentor group, the mentee group), while only staff change the pairing."""

    def _participant(self, user):
        groups = permissions.producer_group_ids(user)
        return Q(mentee_group_id__in=groups) | Q(mentor_group_id__in=groups) | Q(mentor_expert__user=user)

    def visible_to(self, user):
        """Staff: all. Others: the mentorships they take part in (mentor expert, mentor or mentee group)."""
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_member(user):
            return self.filter(self._participant(user))
        return self.none()

    def editable_by(self, user):
        """Staff change a mentorship; participants log sessions (checked in services)."""
        return self.all() if permissions.is_staff_user(user) else self.none()


class Mentorship(TimeStampedModel, DemoMarkedModel):
    """A mentor (an expert or a successful producer group) paired with a mentee group on a topic."""

    mentor_expert = models.ForeignKey(ExpertProfile, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="mentorships", verbose_name=_("พี่เลี้ยง (ผู้เชี่ยวชาญ)"))
    mentor_group = models.ForeignKey(ProducerGroup, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="mentoring_given", verbose_name=_("พี่เลี้ยง (กลุ่มต้นแบบ)"))
    mentee_group = models.ForeignKey(ProducerGroup, on_delete=models.PROTECT, related_name="mentoring_received",
                                     verbose_name=_("กลุ่มที่รับการพี่เลี้ยง"))
    topic = models.CharField(_("หัวข้อ"), max_length=200)
    started_on = models.DateField(_("เริ่มเมื่อ"))
    status = models.CharField(_("สถานะ"), max_length=12, choices=MentorshipStatus.choices,
                              default=MentorshipStatus.ACTIVE)
    outcome = models.TextField(_("ผลลัพธ์"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("ผู้บันทึก"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "pk"]
        verbose_name = _("การเป็นพี่เลี้ยง")
        verbose_name_plural = _("การเป็นพี่เลี้ยง")
        constraints = [
            models.CheckConstraint(
                condition=(Q(mentor_expert__isnull=False, mentor_group__isnull=True)
                           | Q(mentor_expert__isnull=True, mentor_group__isnull=False)),
                name="mentorship_exactly_one_mentor",
                violation_error_message=_("ระบุพี่เลี้ยงหนึ่งราย: ผู้เชี่ยวชาญ หรือ กลุ่มต้นแบบ")),
            models.CheckConstraint(condition=~Q(mentor_group=models.F("mentee_group")),
                                   name="mentorship_mentor_not_mentee",
                                   violation_error_message=_("กลุ่มพี่เลี้ยงและกลุ่มที่รับการพี่เลี้ยงต้องไม่ใช่กลุ่มเดียวกัน")),
        ]

    def __str__(self):
        return f"{self.topic} · {self.mentee_group}"

    def get_absolute_url(self):
        return reverse("network:mentorship_detail", kwargs={"pk": self.pk})

    @property
    def mentor_name(self) -> str:
        return str(self.mentor_expert or self.mentor_group or "")


class MentoringSession(TimeStampedModel, DemoMarkedModel):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="sessions",
                                   verbose_name=_("การเป็นพี่เลี้ยง"))
    date = models.DateField(_("วันที่"))
    covered = models.TextField(_("สิ่งที่ทำ/เนื้อหาที่แนะนำ"))
    next_step = models.TextField(_("ขั้นต่อไป"), blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("ผู้บันทึก"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    # Seen with its mentorship (participants log sessions through the service; staff change them).
    objects = permissions.scoped(permissions.ChildQuerySet, parent_field="mentorship").as_manager()

    class Meta:
        ordering = ["mentorship", "date", "pk"]
        verbose_name = _("บันทึกการพบพี่เลี้ยง")
        verbose_name_plural = _("บันทึกการพบพี่เลี้ยง")

    def __str__(self):
        return f"{self.mentorship} · {self.date}"


# --- Q&A ----------------------------------------------------------------------------------


class QuestionQuerySet(permissions.ScopedQuerySet):
    """A rule of its own: members-only content, moderated by staff, owned by the asking account."""

    def visible_to(self, user):
        """The Q&A is for members: logged-in users see questions not hidden by staff (and their own);
        anonymous visitors see none; staff see all."""
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_member(user):
            return self.filter(Q(is_hidden=False) | Q(asked_by=user))
        return self.none()

    def editable_by(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_member(user):
            return self.filter(asked_by=user)
        return self.none()


class Question(TimeStampedModel, DemoMarkedModel):
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_questions",
                                 verbose_name=_("ผู้ถาม"))
    topic = models.CharField(_("หัวข้อ"), max_length=30, choices=Expertise.choices)
    title = models.CharField(_("คำถาม"), max_length=200)
    body = models.TextField(_("รายละเอียด"), blank=True)
    is_hidden = models.BooleanField(_("ซ่อนโดยเจ้าหน้าที่"), default=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("คำถาม")
        verbose_name_plural = _("ถาม-ตอบ")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:question_detail", kwargs={"pk": self.pk})


class AnswerQuerySet(permissions.ScopedQuerySet):
    """A rule of its own: seen with the question, unless hidden by staff (the author still sees it);
    changed by staff (authors change theirs through the services)."""

    def visible_to(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_member(user):
            return self.filter(Q(is_hidden=False) | Q(author=user),
                               question__in=Question.objects.visible_to(user))
        return self.none()


class Answer(TimeStampedModel, DemoMarkedModel):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers",
                                 verbose_name=_("คำถาม"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_answers",
                               verbose_name=_("ผู้ตอบ"))
    body = models.TextField(_("คำตอบ"))
    is_hidden = models.BooleanField(_("ซ่อนโดยเจ้าหน้าที่"), default=False)
    is_accepted = models.BooleanField(_("คำตอบที่ยอมรับ"), default=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["-is_accepted", "created_at", "pk"]
        verbose_name = _("คำตอบ")
        verbose_name_plural = _("คำตอบ")
        constraints = [
            models.UniqueConstraint(fields=["question"], condition=Q(is_accepted=True),
                                    name="answer_one_accepted_per_question",
                                    violation_error_message=_("คำถามนี้มีคำตอบที่ยอมรับแล้ว")),
        ]

    def __str__(self):
        return self.body[:60]
