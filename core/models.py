from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import permissions
from .choices import (
    DeliveryStatus,
    EmailStatus,
    EntrepreneurType,
    MembershipRole,
    NotificationChannel,
    NotificationEvent,
    PartnerType,
    Role,
)
from .i18n_content import localized_text
from .uploads import validate_image_file
from .urlcache import reverse  # memoised django.urls.reverse (a list asks for the same URLs per request)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    class Meta:
        abstract = True


class DemoMarkedModel(models.Model):
    """Rows loaded by `manage.py load_demo` carry is_demo=True; pages show a badge."""

    is_demo = models.BooleanField(_("ข้อมูลตัวอย่าง (demo)"), default=False, editable=False)

    class Meta:
        abstract = True


# --- Administrative areas (DOPA codes are the primary keys) ---------------


class Province(models.Model):
    code = models.CharField(_("รหัสจังหวัด"), max_length=2, primary_key=True)
    name_th = models.CharField(_("ชื่อ (ไทย)"), max_length=100)
    name_en = models.CharField(_("ชื่อ (อังกฤษ)"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("จังหวัด")
        verbose_name_plural = _("จังหวัด")

    def __str__(self):
        return localized_text(self, "name")


class District(models.Model):
    code = models.CharField(_("รหัสอำเภอ"), max_length=4, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts",
                                 verbose_name=_("จังหวัด"))
    name_th = models.CharField(_("ชื่อ (ไทย)"), max_length=100)
    name_en = models.CharField(_("ชื่อ (อังกฤษ)"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("อำเภอ")
        verbose_name_plural = _("อำเภอ")

    def __str__(self):
        return localized_text(self, "name")


class Subdistrict(models.Model):
    code = models.CharField(_("รหัสตำบล"), max_length=6, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="subdistricts",
                                 verbose_name=_("อำเภอ"))
    name_th = models.CharField(_("ชื่อ (ไทย)"), max_length=100)
    name_en = models.CharField(_("ชื่อ (อังกฤษ)"), max_length=100, blank=True)
    postcode = models.CharField(_("รหัสไปรษณีย์"), max_length=5, blank=True)
    lat = models.DecimalField(_("ละติจูด"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("ลองจิจูด"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ตำบล")
        verbose_name_plural = _("ตำบล")

    def __str__(self):
        return localized_text(self, "name")


# --- Organisations --------------------------------------------------------


class PartnerOrganisationQuerySet(permissions.ScopedQuerySet):
    def visible_to(self, user):
        # Partner organisations are public facts (who supports the programme).
        return self.all()

    def editable_by(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        return self.none()


class PartnerOrganisation(TimeStampedModel, DemoMarkedModel):
    name_th = models.CharField(_("ชื่อหน่วยงาน (ไทย)"), max_length=200, unique=True)
    name_en = models.CharField(_("ชื่อหน่วยงาน (อังกฤษ)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    org_type = models.CharField(_("ประเภทหน่วยงาน"), max_length=20, choices=PartnerType.choices)
    contact_name = models.CharField(_("ผู้ประสานงาน"), max_length=200, blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=40, blank=True)
    email = models.EmailField(_("อีเมล"), blank=True)
    website = models.URLField(_("เว็บไซต์"), blank=True)
    areas_served = models.ManyToManyField(District, blank=True, related_name="partners",
                                          verbose_name=_("พื้นที่ให้บริการ"))
    expertise = models.TextField(_("ความเชี่ยวชาญ"), blank=True)
    description = models.TextField(_("รายละเอียด"), blank=True)
    history = HistoricalRecords()

    objects = PartnerOrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("ภาคีเครือข่าย")
        verbose_name_plural = _("ภาคีเครือข่าย")

    def __str__(self):
        return self.name_th


class ProducerGroupQuerySet(permissions.ScopedQuerySet):
    def visible_to(self, user):
        # Registered OTOP producers are public (they sell to the public).
        return self.all()

    def editable_by(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_producer(user):
            return self.filter(pk__in=permissions.producer_group_ids(user))
        return self.none()

    def with_area(self):
        return self.select_related("subdistrict__district")


class ProducerGroup(TimeStampedModel, DemoMarkedModel):
    """An OTOP entrepreneur: a community producer group, single owner or SME."""

    name_th = models.CharField(_("ชื่อกลุ่ม/ผู้ประกอบการ (ไทย)"), max_length=200)
    name_en = models.CharField(_("ชื่อ (อังกฤษ)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    entrepreneur_type = models.CharField(_("ประเภทผู้ประกอบการ"), max_length=20,
                                         choices=EntrepreneurType.choices)
    registration_no = models.CharField(_("เลขทะเบียนผู้ประกอบการ OTOP"), max_length=40, blank=True)
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, related_name="producer_groups",
                                    verbose_name=_("ตำบล"))
    village_no = models.PositiveSmallIntegerField(
        _("หมู่ที่"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(40)])
    address = models.CharField(_("ที่อยู่"), max_length=300, blank=True)
    contact_name = models.CharField(_("ผู้ติดต่อ"), max_length=200, blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=40, blank=True)
    email = models.EmailField(_("อีเมล"), blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=60, blank=True)
    facebook_url = models.URLField(_("เพจ Facebook"), blank=True)
    description = models.TextField(_("รายละเอียด"), blank=True)
    description_en = models.TextField(_("รายละเอียด (อังกฤษ)"), blank=True)
    logo = models.ImageField(_("โลโก้"), upload_to="groups/logos/", blank=True,
                             validators=[validate_image_file])
    members: models.ManyToManyField = models.ManyToManyField("User", through="GroupMembership", related_name="producer_groups",
                                     blank=True, verbose_name=_("สมาชิก"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ProducerGroupQuerySet.as_manager()
    protected_file_fields = ("logo",)

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("กลุ่มผู้ผลิต/ผู้ประกอบการ OTOP")
        verbose_name_plural = _("กลุ่มผู้ผลิต/ผู้ประกอบการ OTOP")
        constraints = [
            models.UniqueConstraint(fields=["registration_no"], condition=~Q(registration_no=""),
                                    name="producergroup_unique_registration_no",
                                    violation_error_message=_("เลขทะเบียนนี้มีอยู่ในระบบแล้ว")),
        ]

    def __str__(self):
        return localized_text(self, "name")  # the English name in English mode, else Thai

    def get_absolute_url(self):
        return reverse("core:group_detail", kwargs={"slug": self.slug})

    @property
    def district(self):
        return self.subdistrict.district


class UserQuerySet(permissions.ScopedQuerySet):
    """Staff see every account, everyone else their own. Editing follows the account rule
    (core.services.account_change_check): a superuser's account is changed only by superusers."""

    def visible_to(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if user.is_authenticated:
            return self.filter(pk=user.pk)
        return self.none()

    def editable_by(self, user):
        qs = self.visible_to(user)
        if getattr(user, "is_superuser", False):
            return qs
        return qs.filter(is_superuser=False)


class PortalUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """A portal account. `role` decides what the account may do (core.permissions)."""

    role = models.CharField(_("บทบาท"), max_length=20, choices=Role.choices, default=Role.PRODUCER)
    phone = models.CharField(_("โทรศัพท์"), max_length=40, blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=60, blank=True)
    partner_organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users",
        verbose_name=_("สังกัดภาคีเครือข่าย"))
    is_demo = models.BooleanField(_("บัญชีตัวอย่าง (demo)"), default=False, editable=False)
    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    objects = PortalUserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["username"]
        verbose_name = _("ผู้ใช้")
        verbose_name_plural = _("ผู้ใช้")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.PARTNER, partner_organisation__isnull=False) | ~Q(role=Role.PARTNER),
                name="user_partner_has_organisation",
                violation_error_message=_("บัญชีภาคีเครือข่ายต้องระบุหน่วยงาน"),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        # Only CDD staff (and superusers) enter the admin back-office.
        self.is_staff = self.is_superuser or self.role == Role.STAFF
        if kwargs.get("update_fields") is not None and "role" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_staff"}
        super().save(*args, **kwargs)


class GroupMembership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("ผู้ใช้"))
    group = models.ForeignKey(ProducerGroup, on_delete=models.CASCADE, related_name="memberships",
                              verbose_name=_("กลุ่มผู้ผลิต"))
    role = models.CharField(_("ตำแหน่งในกลุ่ม"), max_length=10, choices=MembershipRole.choices,
                            default=MembershipRole.MEMBER)
    joined_at = models.DateField(_("วันที่เข้าร่วม"), auto_now_add=True)

    class Meta:
        verbose_name = _("สมาชิกกลุ่ม")
        verbose_name_plural = _("สมาชิกกลุ่ม")
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="membership_unique_user_group",
                                    violation_error_message=_("ผู้ใช้นี้เป็นสมาชิกกลุ่มอยู่แล้ว")),
        ]

    def __str__(self):
        return f"{self.user} · {self.group}"


class OutgoingEmail(TimeStampedModel):
    """One e-mail of the outbox (core.outbox): written in the transaction of the event it tells about,
    sent after commit by the Celery task ``core.deliver_email``, retried with backoff, kept with its
    attempts and last error. ``key`` names the event ("booking:12:confirmed"): the same event is never
    queued twice. Staff only (the ScopedQuerySet default)."""

    key = models.CharField(_("รหัสเหตุการณ์"), max_length=200, unique=True)
    to = models.JSONField(_("ผู้รับ"), default=list)
    subject = models.CharField(_("หัวเรื่อง"), max_length=255)
    body = models.TextField(_("ข้อความ"))
    from_email = models.CharField(_("ผู้ส่ง"), max_length=254, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255)
    status = models.CharField(_("สถานะ"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("จำนวนครั้งที่พยายามส่ง"), default=0)
    last_error = models.TextField(_("ข้อผิดพลาดล่าสุด"), blank=True)
    next_attempt_at = models.DateTimeField(_("ส่งครั้งถัดไปเมื่อ"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("พยายามส่งล่าสุดเมื่อ"), null=True, blank=True)
    sent_at = models.DateTimeField(_("ส่งสำเร็จเมื่อ"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("สร้างโดย"))

    objects = permissions.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("อีเมลขาออก")
        verbose_name_plural = _("อีเมลขาออก")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoingemail_due")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=EmailStatus.values), name="outgoingemail_status_valid",
                                   violation_error_message=_("สถานะอีเมลไม่ถูกต้อง")),
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"
# --- Tasks waiting for the broker -------------------------------------------------------------


class PendingTask(models.Model):
    """A Celery task that could not be sent because the broker (Redis) was unreachable when its write
    committed (core.tasks_dispatch). The sweep `core.resend_pending_tasks` (beat, every minute, and when a
    worker starts) sends it with the same task id and deletes the row."""

    task_name = models.CharField(_("งาน"), max_length=200)
    task_id = models.CharField(_("รหัสงาน"), max_length=64, unique=True)
    args = models.JSONField(_("อาร์กิวเมนต์"), default=list, blank=True)
    kwargs = models.JSONField(_("อาร์กิวเมนต์ตามชื่อ"), default=dict, blank=True)
    options = models.JSONField(_("ตัวเลือกการส่ง"), default=dict, blank=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("จำนวนครั้งที่ลองส่งซ้ำ"), default=0)
    last_error = models.TextField(_("ข้อผิดพลาดล่าสุด"), blank=True)

    objects = permissions.ScopedQuerySet.as_manager()  # staff only

    class Meta:
        verbose_name = _("งานที่รอส่งเข้าคิว")
        verbose_name_plural = _("งานที่รอส่งเข้าคิว")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.task_name} {self.task_id}"


class DistrictOfficerQuerySet(permissions.ScopedQuerySet):
    """Whom to ask is no secret to members (a producer's workspace names their district's officer);
    anonymous visitors see none, and only staff change the assignment."""

    def visible_to(self, user):
        return self.all() if permissions.is_member(user) or permissions.is_staff_user(user) else self.none()


class DistrictOfficer(TimeStampedModel, DemoMarkedModel):
    """The CDD officer responsible for a district: the one producers there are told to ask when
    the next step of their work is staff's (a quadrant assessment, publishing a product)."""

    district = models.OneToOneField(District, on_delete=models.CASCADE, related_name="responsible_officer",
                                    verbose_name=_("อำเภอ"),
                                    error_messages={"unique": _("อำเภอนี้มีเจ้าหน้าที่ผู้รับผิดชอบแล้ว")})
    officer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="districts_responsible",
                                limit_choices_to={"role": Role.STAFF}, verbose_name=_("เจ้าหน้าที่ผู้รับผิดชอบ"))
    phone = models.CharField(_("โทรศัพท์ติดต่อ"), max_length=40, blank=True,
                             help_text=_("เว้นว่างเพื่อใช้เบอร์ในบัญชีของเจ้าหน้าที่"))
    line_id = models.CharField(_("LINE ID"), max_length=60, blank=True,
                               help_text=_("เว้นว่างเพื่อใช้ LINE ID ในบัญชีของเจ้าหน้าที่"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = DistrictOfficerQuerySet.as_manager()

    class Meta:
        ordering = ["district"]
        verbose_name = _("เจ้าหน้าที่ผู้รับผิดชอบอำเภอ")
        verbose_name_plural = _("เจ้าหน้าที่ผู้รับผิดชอบอำเภอ")

    def __str__(self):
        return f"{self.district} · {self.officer}"

    @property
    def contact_phone(self) -> str:
        return self.phone or self.officer.phone

    @property
    def contact_line_id(self) -> str:
        return self.line_id or self.officer.line_id


# --- Notifications (core.notifications) ---------------------------------------------------------


class NotificationQuerySet(permissions.ScopedQuerySet):
    """A notification is its recipient's: each user sees and marks read only their own; staff see all
    (the admin)."""

    def visible_to(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if permissions.is_member(user):
            return self.filter(recipient_id=user.pk)
        return self.none()

    def editable_by(self, user):
        if permissions.is_member(user) and not permissions.is_system(user):
            return self.filter(recipient_id=user.pk)
        return self.all() if permissions.is_system(user) else self.none()

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(DemoMarkedModel):
    """One event told to one user (the in-portal channel; the bell). Written by core.notifications.notify
    in the transaction of the event; ``key`` names the event ("booking:12:confirmed"), unique per
    recipient, so a retried service never tells the same person twice. The object it is about is kept as
    a content type and id: the list and every delivery re-check that the recipient may still see it."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications",
                                  verbose_name=_("ผู้รับ"))
    event = models.CharField(_("ประเภทเหตุการณ์"), max_length=40, choices=NotificationEvent.choices)
    key = models.CharField(_("รหัสเหตุการณ์"), max_length=200)
    title = models.CharField(_("หัวข้อ"), max_length=200)
    body = models.TextField(_("ข้อความ"), blank=True)
    url = models.CharField(_("ลิงก์"), max_length=500, blank=True)
    email_subject = models.CharField(_("หัวเรื่องอีเมล (ถ้าต่างจากหัวข้อ)"), max_length=255, blank=True)
    email_body = models.TextField(_("ข้อความอีเมล (ถ้าต่างจากข้อความ)"), blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="+", verbose_name=_("ชนิดของรายการ"))
    object_id = models.CharField(_("รหัสรายการ"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("อ่านเมื่อ"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("การแจ้งเตือน")
        verbose_name_plural = _("การแจ้งเตือน")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_recipient_read")]
        constraints = [
            models.UniqueConstraint(fields=["key", "recipient"], name="notification_unique_key_recipient",
                                    violation_error_message=_("แจ้งเหตุการณ์นี้แก่ผู้ใช้นี้แล้ว")),
        ]

    def __str__(self):
        return f"{self.title} → {self.recipient}"


class NotificationDelivery(TimeStampedModel):
    """One notification on one outside channel (e-mail or LINE): sent by the Celery task
    ``core.deliver_notification`` after commit, retried with backoff on network errors, kept with its
    outcome (sent / failed / skipped and why). Unique per notification and channel — that is, per
    (event key, recipient, channel) — so a retry never sends twice. Staff only."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries",
                                     verbose_name=_("การแจ้งเตือน"))
    channel = models.CharField(_("ช่องทาง"), max_length=10, choices=NotificationChannel.choices)
    status = models.CharField(_("สถานะ"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("จำนวนครั้งที่พยายามส่ง"), default=0)
    reason = models.TextField(_("เหตุผล/ข้อผิดพลาดล่าสุด"), blank=True)
    next_attempt_at = models.DateTimeField(_("ส่งครั้งถัดไปเมื่อ"), null=True, blank=True)
    sent_at = models.DateTimeField(_("ส่งสำเร็จเมื่อ"), null=True, blank=True)

    objects = permissions.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("การส่งการแจ้งเตือน")
        verbose_name_plural = _("การส่งการแจ้งเตือน")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_unique_notification_channel",
                                    violation_error_message=_("ส่งการแจ้งเตือนนี้ทางช่องทางนี้แล้ว")),
            models.CheckConstraint(condition=~Q(channel=NotificationChannel.PORTAL),
                                   name="delivery_channel_outside",
                                   violation_error_message=_("การแจ้งเตือนในพอร์ทัลไม่ต้องส่ง")),
        ]

    def __str__(self):
        return f"{self.notification} · {self.get_channel_display()} · {self.get_status_display()}"


class NotificationPreference(models.Model):
    """A user's choice for one kind of event on one channel. No row: the default
    (core.notifications.DEFAULTS)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notification_preferences",
                             verbose_name=_("ผู้ใช้"))
    event = models.CharField(_("ประเภทเหตุการณ์"), max_length=40, choices=NotificationEvent.choices)
    channel = models.CharField(_("ช่องทาง"), max_length=10, choices=NotificationChannel.choices)
    enabled = models.BooleanField(_("รับการแจ้งเตือน"), default=True)

    objects = permissions.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("การตั้งค่าการแจ้งเตือน")
        verbose_name_plural = _("การตั้งค่าการแจ้งเตือน")
        constraints = [
            models.UniqueConstraint(fields=["user", "event", "channel"], name="notificationpref_unique",
                                    violation_error_message=_("ตั้งค่านี้ไว้แล้ว")),
        ]

    def __str__(self):
        return f"{self.user} · {self.event} · {self.channel}: {self.enabled}"


class LineAccount(models.Model):
    """A user's LINE link (core.line): a one-time code shown on their profile (``link_code`` until
    ``code_expires_at``), then, once they send it to the Official Account, the LINE userId. One LINE
    userId belongs to at most one account (unique)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="line_account",
                                verbose_name=_("ผู้ใช้"))
    line_user_id = models.CharField(_("LINE userId"), max_length=64, null=True, blank=True, unique=True)
    linked_at = models.DateTimeField(_("เชื่อมเมื่อ"), null=True, blank=True)
    link_code = models.CharField(_("รหัสเชื่อมบัญชี"), max_length=16, null=True, blank=True, unique=True)
    code_expires_at = models.DateTimeField(_("รหัสหมดอายุเมื่อ"), null=True, blank=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    objects = permissions.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("บัญชี LINE ที่เชื่อม")
        verbose_name_plural = _("บัญชี LINE ที่เชื่อม")

    def __str__(self):
        return f"{self.user} · {'LINE' if self.line_user_id else '-'}"

    @property
    def is_linked(self) -> bool:
        return bool(self.line_user_id)


# --- The office's contact, shown in every page's footer --------------------------------------------


class SiteContact(models.Model):
    """The office's contact (address, phone, e-mail, LINE) that staff edit in the back-office; one row only
    (the primary key is always 1, a CHECK holds it). A blank field is not shown. Read through
    `core.selectors.site_contact()` (cached), written through `core.services.site_contact_update`."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    address = models.CharField(_("ที่อยู่สำนักงาน"), max_length=300, blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=40, blank=True)
    email = models.EmailField(_("อีเมล"), blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=60, blank=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    objects = permissions.PublicReadQuerySet.as_manager()  # everyone reads it, staff change it
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("ข้อมูลติดต่อสำนักงาน")
        verbose_name_plural = _("ข้อมูลติดต่อสำนักงาน")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="core_sitecontact_single_row",
                                   violation_error_message=_("ข้อมูลติดต่อสำนักงานมีได้ชุดเดียว")),
        ]

    def __str__(self):
        return str(_("ข้อมูลติดต่อสำนักงาน"))

    @property
    def is_blank(self) -> bool:
        return not (self.address or self.phone or self.email or self.line_id)
