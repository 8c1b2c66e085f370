import uuid
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import permissions
from core.models import DemoMarkedModel, ProducerGroup, Subdistrict, TimeStampedModel
from core.photos import PhotoBase
from core.uploads import validate_image_file, validate_pdf_file, validate_pdf_or_image
from core.urlcache import reverse  # memoised django.urls.reverse (a list asks for the same URLs per request)

from .choices import AccessLevel, Category, ConsentScope, Status, VideoProvider
from .video import parse_video_url, validate_video_url

# Long free-text fields get an explicit limit so very long input gets a Thai message, not a 500.
LONG_TEXT = 20_000
SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class WisdomRecordQuerySet(permissions.GroupOwnedQuerySet):
    """Owned by `owner_group` (GroupOwnedQuerySet), with two differences the base cannot state:

    - the compiler (``created_by``) counts as the owning community too, even outside the group;
    - published records are read by level (public: everyone; members: any logged-in account;
      restricted: staff and the owning community only), and the owning community and staff also
      see unpublished drafts and submissions;
    - producers change only drafts (submitted records are staff's until sent back)."""

    group_path = "owner_group"
    public_q = Q(status=Status.PUBLISHED, access_level=AccessLevel.PUBLIC)
    member_q = Q(status=Status.PUBLISHED, access_level=AccessLevel.MEMBERS)

    def _own(self, user) -> Q:
        own = super()._own(user)
        if getattr(user, "pk", None) is not None:
            own |= Q(created_by_id=user.pk)
        return own

    def editable_by(self, user):
        qs = super().editable_by(user)
        return qs if permissions.is_staff_user(user) else qs.filter(status=Status.DRAFT)

    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def mine(self, user):
        """Records the user compiled or that belong to one of their groups (any status)."""
        if not permissions.is_member(user) or permissions.is_system(user):
            return self.none()
        return self.filter(self._own(user) if user.pk is not None else Q(pk__in=[]))


class WisdomRecord(TimeStampedModel, DemoMarkedModel):
    """A record of local wisdom (ภูมิปัญญาท้องถิ่น), kept as a safeguarding inventory entry."""

    title_th = models.CharField(_("ชื่อภูมิปัญญา (ไทย)"), max_length=200)
    title_en = models.CharField(_("ชื่อภูมิปัญญา (อังกฤษ)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    category = models.CharField(_("หมวดหมู่"), max_length=20, choices=Category.choices)
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, related_name="wisdom_records",
                                    verbose_name=_("ตำบล"))
    village_no = models.PositiveSmallIntegerField(
        _("หมู่ที่"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(40)])
    community_name = models.CharField(_("ชุมชน"), max_length=200, blank=True)
    community_name_en = models.CharField(_("ชุมชน (อังกฤษ)"), max_length=200, blank=True)
    owner_group = models.ForeignKey(ProducerGroup, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="wisdom_records", verbose_name=_("กลุ่ม/ชุมชนเจ้าของ"))
    summary = models.TextField(_("สรุปย่อ"), blank=True, validators=[MaxLengthValidator(1000)])
    summary_en = models.TextField(_("สรุปย่อ (อังกฤษ)"), blank=True, validators=[MaxLengthValidator(1000)])
    status = models.CharField(_("สถานะ"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    access_level = models.CharField(_("ระดับการเข้าถึง"), max_length=12, choices=AccessLevel.choices,
                                    default=AccessLevel.PUBLIC)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="wisdom_records_created", verbose_name=_("ผู้บันทึก"))

    # The knowledge itself.
    description = models.TextField(_("รายละเอียด"), blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    description_en = models.TextField(_("รายละเอียด (อังกฤษ)"), blank=True,
                                      validators=[MaxLengthValidator(LONG_TEXT)])
    background = models.TextField(_("ประวัติความเป็นมา"), blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    materials = models.TextField(_("วัสดุ/วัตถุดิบและแหล่งที่มา"), blank=True,
                                 validators=[MaxLengthValidator(LONG_TEXT)])
    sustainability_note = models.TextField(
        _("การใช้ทรัพยากรธรรมชาติอย่างยั่งยืน"), blank=True, validators=[MaxLengthValidator(LONG_TEXT)],
        help_text=_("ทรัพยากรธรรมชาติที่ใช้ และวิธีใช้ให้ยั่งยืน"))

    # Safeguarding (UNESCO inventory outline).
    transmission = models.TextField(_("การสืบทอดความรู้"), blank=True, validators=[MaxLengthValidator(LONG_TEXT)],
                                    help_text=_("ถ่ายทอดอย่างไร ให้ใคร"))
    learners_count = models.PositiveIntegerField(_("จำนวนผู้สืบทอด/ผู้เรียน"), null=True, blank=True,
                                                 validators=[MaxValueValidator(100_000)])
    threats = models.TextField(_("ภัยคุกคามต่อการปฏิบัติและการสืบทอด"), blank=True,
                               validators=[MaxLengthValidator(LONG_TEXT)])
    safeguarding_measures = models.TextField(_("มาตรการสงวนรักษา"), blank=True,
                                             validators=[MaxLengthValidator(LONG_TEXT)])
    customary_restrictions = models.TextField(_("ข้อห้าม/ข้อจำกัดตามจารีต"), blank=True,
                                              validators=[MaxLengthValidator(LONG_TEXT)])
    compiled_by = models.CharField(_("ผู้รวบรวมข้อมูล"), max_length=200, blank=True)
    compiled_place = models.CharField(_("สถานที่เก็บข้อมูล"), max_length=200, blank=True)
    compiled_on = models.DateField(_("วันที่เก็บข้อมูล"), null=True, blank=True)

    # Map point (optional).
    lat = models.DecimalField(_("ละติจูด"), max_digits=9, decimal_places=6, null=True, blank=True,
                              validators=[MinValueValidator(-90), MaxValueValidator(90)])
    lng = models.DecimalField(_("ลองจิจูด"), max_digits=9, decimal_places=6, null=True, blank=True,
                              validators=[MinValueValidator(-180), MaxValueValidator(180)])

    # Potential for product development (staff assessment, each 1–5).
    market_score = models.PositiveSmallIntegerField(_("ศักยภาพทางการตลาด"), null=True, blank=True,
                                                    validators=SCORE_VALIDATORS)
    uniqueness_score = models.PositiveSmallIntegerField(_("ความเป็นเอกลักษณ์"), null=True, blank=True,
                                                        validators=SCORE_VALIDATORS)
    transferability_score = models.PositiveSmallIntegerField(_("ถ่ายทอดทักษะได้"), null=True, blank=True,
                                                             validators=SCORE_VALIDATORS)
    material_score = models.PositiveSmallIntegerField(_("ความพร้อมของวัตถุดิบ"), null=True, blank=True,
                                                      validators=SCORE_VALIDATORS)
    staff_notes = models.TextField(_("บันทึกของเจ้าหน้าที่"), blank=True, validators=[MaxLengthValidator(LONG_TEXT)])
    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = WisdomRecordQuerySet.as_manager()

    SCORE_FIELDS = ("market_score", "uniqueness_score", "transferability_score", "material_score")

    class Meta:
        ordering = ["title_th"]
        verbose_name = _("ภูมิปัญญาท้องถิ่น")
        verbose_name_plural = _("ภูมิปัญญาท้องถิ่น")
        constraints = [
            *[models.CheckConstraint(condition=Q(**{f"{f}__gte": 1, f"{f}__lte": 5}) | Q(**{f"{f}__isnull": True}),
                                     name=f"wisdomrecord_{f}_1_5",
                                     violation_error_message=_("คะแนนต้องอยู่ระหว่าง 1 ถึง 5"))
              for f in ("market_score", "uniqueness_score", "transferability_score", "material_score")],
            models.CheckConstraint(condition=Q(lat__isnull=True, lng__isnull=True)
                                   | Q(lat__isnull=False, lng__isnull=False),
                                   name="wisdomrecord_lat_lng_together",
                                   violation_error_message=_("กรุณาระบุทั้งละติจูดและลองจิจูด")),
        ]
        # The registry's and the home page's order (latest published first) for what anonymous visitors see:
        # PostgreSQL reads the first rows from this index instead of sorting every public record.
        indexes = [models.Index(fields=["status", "access_level", "-published_at", "title_th"],
                                name="wisdom_public_latest")]

    def __str__(self):
        return self.title_th

    def get_absolute_url(self):
        return reverse("wisdom:detail", kwargs={"slug": self.slug})

    @property
    def potential_score(self) -> float | None:
        """Potential for product development, 0–100: the four 1–5 scores as a percentage
        of their maximum (20). None until all four are assessed."""
        scores = [getattr(self, f) for f in self.SCORE_FIELDS]
        if any(s is None for s in scores):
            return None
        return round(sum(scores) * 100 / 20, 1)

    @property
    def district(self):
        return self.subdistrict.district

    @property
    def has_map_point(self) -> bool:
        return self.lat is not None and self.lng is not None


class ProcessStep(models.Model):
    """One step of the process, in order."""

    record = models.ForeignKey(WisdomRecord, on_delete=models.CASCADE, related_name="steps",
                               verbose_name=_("ภูมิปัญญา"))
    position = models.PositiveSmallIntegerField(_("ลำดับ"))
    text = models.TextField(_("ขั้นตอน"), validators=[MaxLengthValidator(2000)])
    history = HistoricalRecords()

    objects = permissions.scoped(permissions.ChildQuerySet, parent_field="record").as_manager()

    class Meta:
        ordering = ["record", "position"]
        verbose_name = _("ขั้นตอนการผลิต/ปฏิบัติ")
        verbose_name_plural = _("ขั้นตอนการผลิต/ปฏิบัติ")
        constraints = [models.UniqueConstraint(fields=["record", "position"], name="processstep_unique_position",
                                               violation_error_message=_("ลำดับขั้นตอนซ้ำกัน"))]

    def __str__(self):
        return f"{self.position}. {self.text[:60]}"


class KnowledgeHolderQuerySet(permissions.ChildQuerySet):
    """Children of their record (ChildQuerySet), and one rule more: outside staff and the
    owning community, only holders who consent today to being named in public
    (``ConsentScope.NAMING``) are shown (contacts are for staff only: see the serializers)."""

    parent_field = "record"

    def visible_to(self, user):
        qs = super().visible_to(user)
        if permissions.is_staff_user(user):
            return qs
        named = models.Exists(HolderConsent.objects.active_on(timezone.localdate())
                              .filter(holder_id=models.OuterRef("pk"), scope=ConsentScope.NAMING))
        return qs.filter(named | Q(record__in=WisdomRecord.objects.mine(user)))


class KnowledgeHolder(TimeStampedModel, DemoMarkedModel):
    """A knowledge holder (ปราชญ์ชาวบ้าน) of a wisdom record, with their consent."""

    record = models.ForeignKey(WisdomRecord, on_delete=models.CASCADE, related_name="holders",
                               verbose_name=_("ภูมิปัญญา"))
    name = models.CharField(_("ชื่อ-สกุล"), max_length=200)
    age = models.PositiveSmallIntegerField(_("อายุ (ปี)"), null=True, blank=True,
                                           validators=[MinValueValidator(1), MaxValueValidator(120)])
    birth_year = models.PositiveSmallIntegerField(_("ปีเกิด (พ.ศ.)"), null=True, blank=True,
                                                  validators=[MinValueValidator(2400), MaxValueValidator(2600)])
    role = models.CharField(_("บทบาท/ความเชี่ยวชาญ"), max_length=200, blank=True)
    contact = models.CharField(_("ช่องทางติดต่อ (เฉพาะเจ้าหน้าที่)"), max_length=300, blank=True,
                               help_text=_("โทรศัพท์ LINE หรือที่อยู่ แสดงเฉพาะเจ้าหน้าที่"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = KnowledgeHolderQuerySet.as_manager()

    class Meta:
        ordering = ["record", "name"]
        verbose_name = _("ปราชญ์ชาวบ้าน")
        verbose_name_plural = _("ปราชญ์ชาวบ้าน")
        constraints = [
            models.CheckConstraint(condition=Q(age__isnull=True) | Q(age__gte=1, age__lte=120),
                                   name="knowledgeholder_age_range",
                                   violation_error_message=_("อายุต้องอยู่ระหว่าง 1 ถึง 120 ปี")),
        ]

    def __str__(self):
        return self.name


# --- Structured consent ---------------------------------------------------------------


def upload_consent_form(instance, filename):
    return f"wisdom/consent/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:8]}"


def validate_consent_form(file) -> None:
    """A signed consent form: a PDF or a photo of the paper (checked by content, not by name)."""
    validate_pdf_or_image(file, message=_("แบบฟอร์มความยินยอมต้องเป็นไฟล์ PDF หรือรูปภาพ (JPG, PNG, WEBP, GIF)"),
                          code="consent_form")


class HolderConsentQuerySet(permissions.ScopedQuerySet):
    """Consent periods and their signed forms are as sensitive as restricted media: staff and the
    record's own community (its compiler, its owner group) read them, nobody else — whatever the
    record's access level, and the same people record changes (through ``services.consent_*``,
    which check the rest of the rule)."""

    def visible_to(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        return self.filter(holder__record__in=WisdomRecord.objects.mine(user))

    editable_by = visible_to

    def active_on(self, day):
        """Periods in force on `day`: given on or before it and not withdrawn by then (a consent
        withdrawn on day D no longer covers D)."""
        return self.filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day), given_on__lte=day)


class HolderConsent(TimeStampedModel, DemoMarkedModel):
    """One period of one knowledge holder's consent to one scope: given on a date, perhaps withdrawn
    on a later one. Restoring a withdrawn consent opens a new period, so the rows answer "was holder
    H consenting to scope S on date D" for any past date (``selectors.consent_active_on``)."""

    protected_file_fields = ("form",)

    holder = models.ForeignKey(KnowledgeHolder, on_delete=models.CASCADE, related_name="consents",
                               verbose_name=_("ปราชญ์ชาวบ้าน"))
    scope = models.CharField(_("ขอบเขตความยินยอม"), max_length=16, choices=ConsentScope.choices)
    given_on = models.DateField(_("วันที่ให้ความยินยอม"))
    withdrawn_on = models.DateField(_("วันที่ถอนความยินยอม"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("เจ้าหน้าที่ผู้บันทึก"))
    witness = models.CharField(_("พยาน"), max_length=200, blank=True)
    form = models.FileField(_("แบบฟอร์มความยินยอม (PDF/รูปภาพ)"), upload_to=upload_consent_form, blank=True,
                            validators=[validate_consent_form])
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("ผู้บันทึกการถอน"))
    note = models.TextField(_("หมายเหตุ"), blank=True, validators=[MaxLengthValidator(2000)])
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = HolderConsentQuerySet.as_manager()

    class Meta:
        ordering = ["holder", "scope", "given_on", "id"]
        verbose_name = _("ความยินยอมของปราชญ์ชาวบ้าน")
        verbose_name_plural = _("ความยินยอมของปราชญ์ชาวบ้าน")
        constraints = [
            models.UniqueConstraint(fields=["holder", "scope"], condition=Q(withdrawn_on__isnull=True),
                                    name="holderconsent_one_open_period",
                                    violation_error_message=_("ปราชญ์ชาวบ้านให้ความยินยอมในขอบเขตนี้อยู่แล้ว")),
            models.CheckConstraint(condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                                   name="holderconsent_withdrawn_after_given",
                                   violation_error_message=_("วันที่ถอนความยินยอมต้องไม่ก่อนวันที่ให้ความยินยอม")),
        ]
        indexes = [models.Index(fields=["holder", "scope", "given_on"], name="holderconsent_lookup_idx")]

    def __str__(self):
        return f"{self.holder} · {self.get_scope_display()}"


# --- Media --------------------------------------------------------------------------


class MediaQuerySet(permissions.ChildQuerySet):
    """Children of their record (ChildQuerySet), and one rule more: a media item is visible when
    its record is visible AND its own (possibly stricter) access level allows the user:
    members = logged in; restricted = staff or the record's own community (owner group
    members, the compiler). Editable with the record."""

    parent_field = "record"

    def visible_to(self, user):
        qs = super().visible_to(user)
        if permissions.is_staff_user(user):
            return qs
        allowed = Q(access_level=AccessLevel.PUBLIC)
        if permissions.is_member(user):
            allowed |= Q(access_level=AccessLevel.MEMBERS)
            allowed |= Q(access_level=AccessLevel.RESTRICTED, record__in=WisdomRecord.objects.mine(user))
        return qs.filter(allowed)


def _unique_name(folder: str, filename: str) -> str:
    ext = Path(filename).suffix.lower()[:6]
    return f"wisdom/{folder}/{uuid.uuid4().hex}{ext}"


def upload_original(instance, filename):
    return _unique_name("originals", filename)


def upload_public(instance, filename):
    # Kept for migrations 0001/0002; photos now use core.photos.photo_upload_to (same folder).
    return _unique_name("photos", filename)


def upload_thumb(instance, filename):
    # Kept for migrations 0001/0002; thumbnails now use core.photos.thumbnail_upload_to.
    return _unique_name("thumbs", filename)


def upload_document(instance, filename):
    return _unique_name("documents", filename)


class MediaAccessLevel(models.Model):
    """A media item's own access level (it may be stricter than its record's)."""

    access_level = models.CharField(_("ระดับการเข้าถึง"), max_length=12, choices=AccessLevel.choices,
                                    default=AccessLevel.PUBLIC,
                                    help_text=_("เข้มงวดกว่าระดับของภูมิปัญญาได้ (เช่น ภาพพิธีกรรมศักดิ์สิทธิ์)"))

    objects = MediaQuerySet.as_manager()

    class Meta:
        abstract = True


class MediaBase(MediaAccessLevel, TimeStampedModel, DemoMarkedModel):
    position = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        abstract = True


class WisdomPhoto(MediaAccessLevel, PhotoBase):
    """A photo (core.photos.PhotoBase). The original upload is kept private (never served); the
    public copy and the thumbnail are re-encoded without EXIF (no GPS location) by
    core.photos.store_photo."""

    record = models.ForeignKey(WisdomRecord, on_delete=models.CASCADE, related_name="photos",
                               verbose_name=_("ภูมิปัญญา"))
    original = models.ImageField(_("ไฟล์ต้นฉบับ (ไม่เผยแพร่)"), upload_to=upload_original,
                                 validators=[validate_image_file])
    credit = models.CharField(_("ผู้ถ่ายภาพ/เครดิต"), max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["record", "position", "id"]
        verbose_name = _("ภาพถ่าย")
        verbose_name_plural = _("ภาพถ่าย")

    def __str__(self):
        return PhotoBase.__str__(self)


class WisdomVideo(MediaBase):
    """A YouTube/Facebook video link, shown embedded (privacy-friendly)."""

    record = models.ForeignKey(WisdomRecord, on_delete=models.CASCADE, related_name="videos",
                               verbose_name=_("ภูมิปัญญา"))
    url = models.URLField(_("ลิงก์วิดีโอ (YouTube/Facebook)"), max_length=500, validators=[validate_video_url])
    title = models.CharField(_("ชื่อวิดีโอ"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["record", "position", "id"]
        verbose_name = _("วิดีโอ")
        verbose_name_plural = _("วิดีโอ")

    def __str__(self):
        return self.title or self.url

    @property
    def link(self):
        return parse_video_url(self.url)

    @property
    def embed_url(self) -> str:
        return self.link.embed_url

    @property
    def provider(self) -> str:
        return self.link.provider

    @property
    def provider_label(self) -> str:
        return VideoProvider(self.provider).label


class WisdomDocument(MediaBase):
    """A PDF document (survey form, research report, booklet)."""

    protected_file_fields = ("file",)

    record = models.ForeignKey(WisdomRecord, on_delete=models.CASCADE, related_name="documents",
                               verbose_name=_("ภูมิปัญญา"))
    file = models.FileField(_("ไฟล์ PDF"), upload_to=upload_document, validators=[validate_pdf_file])
    title = models.CharField(_("ชื่อเอกสาร"), max_length=300)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["record", "position", "id"]
        verbose_name = _("เอกสาร")
        verbose_name_plural = _("เอกสาร")

    def __str__(self):
        return self.title


class StatusTransitionQuerySet(permissions.ScopedQuerySet):
    """The workflow log: staff read all of it, the owning community (the compiler, the owner
    group) the log of its own records — whatever their status, unlike ChildQuerySet, which would
    follow the record's published-by-level rule. Nobody edits a log entry."""

    def visible_to(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        return self.filter(record__in=WisdomRecord.objects.mine(user))

    def editable_by(self, user):
        return self.none()


class StatusTransition(models.Model):
    """Who moved a record from one status to another, when, and why (the workflow log)."""

    record = models.ForeignKey(WisdomRecord, on_delete=models.CASCADE, related_name="transitions",
                               verbose_name=_("ภูมิปัญญา"))
    from_status = models.CharField(_("จากสถานะ"), max_length=12, choices=Status.choices)
    to_status = models.CharField(_("เป็นสถานะ"), max_length=12, choices=Status.choices)
    # No user for what the portal does by itself (core.actors.SYSTEM, e.g. the demo loader).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="wisdom_transitions", verbose_name=_("ผู้ดำเนินการ"))
    comment = models.TextField(_("ความเห็น"), blank=True, validators=[MaxLengthValidator(2000)])
    created_at = models.DateTimeField(_("เมื่อ"), auto_now_add=True)

    objects = StatusTransitionQuerySet.as_manager()

    class Meta:
        ordering = ["record", "created_at", "id"]
        verbose_name = _("ประวัติการเปลี่ยนสถานะ")
        verbose_name_plural = _("ประวัติการเปลี่ยนสถานะ")

    def __str__(self):
        return f"{self.record}: {self.from_status} → {self.to_status}"


# Thai "too long" messages for model validation (services, imports): Django's own message is
# English. Setting `error_messages` after class creation does not touch migrations.
THAI_MAX_LENGTH = _("ข้อความยาวเกินไป: ยาวได้ไม่เกิน %(limit_value)d ตัวอักษร (ตอนนี้ %(show_value)d ตัวอักษร)")


def _thai_length_messages(*models_):
    for model in models_:
        for field in model._meta.fields:
            if isinstance(field, models.CharField | models.TextField):
                field.error_messages = {**field.error_messages, "max_length": THAI_MAX_LENGTH}


_thai_length_messages(WisdomRecord, ProcessStep, KnowledgeHolder, HolderConsent, WisdomPhoto, WisdomVideo,
                      WisdomDocument, StatusTransition)
