from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import permissions
from core.models import DemoMarkedModel, ProducerGroup, Subdistrict, TimeStampedModel
from core.photos import PhotoBase
from core.urlcache import reverse  # memoised django.urls.reverse (a list asks for the same URLs per request)

from .choices import ActivityType, BookingStatus, Language, ProgramDuration, PublishStatus, Weekday

__all__ = ["PublishStatus", "TourismCommunity", "CommunityPhoto", "Activity", "Program", "ProgramItem",
           "Fair", "MonthlyVisit", "ProgramDateCapacity", "Booking", "Reseller", "ResellerKey"]


def coordinated_community_ids(user):
    """Subquery of the ids of the communities the user coordinates."""
    return TourismCommunity.coordinators.through.objects.filter(user_id=user.pk).values("tourismcommunity_id")


class TourismCommunityQuerySet(permissions.ScopedQuerySet):
    """Its own rule (not GroupOwnedQuerySet): a community is run by its coordinators, user accounts
    named on the community itself, not by a producer group. Everyone sees the published ones;
    coordinators also their drafts; staff everything. Staff and coordinators change it."""

    def visible_to(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        q = Q(status=PublishStatus.PUBLISHED)
        if permissions.is_member(user):
            q |= Q(pk__in=coordinated_community_ids(user))
        return self.filter(q)

    def editable_by(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        return self.coordinated_by(user)

    def coordinated_by(self, user):
        if not permissions.is_member(user):
            return self.none()
        return self.filter(pk__in=coordinated_community_ids(user))


class TourismCommunity(TimeStampedModel, DemoMarkedModel):
    """A tourism community (ชุมชนท่องเที่ยว OTOP นวัตวิถี)."""

    name_th = models.CharField(_("ชื่อชุมชน (ไทย)"), max_length=200)
    name_en = models.CharField(_("ชื่อชุมชน (อังกฤษ)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, related_name="tourism_communities",
                                    verbose_name=_("ตำบล"))
    village_no = models.PositiveSmallIntegerField(
        _("หมู่ที่"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(40)])
    story = models.TextField(_("เรื่องราวของชุมชน"), blank=True)
    story_en = models.TextField(_("เรื่องราวของชุมชน (อังกฤษ)"), blank=True)
    lat = models.DecimalField(_("ละติจูด"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("ลองจิจูด"), max_digits=9, decimal_places=6, null=True, blank=True)
    producer_groups = models.ManyToManyField(ProducerGroup, blank=True, related_name="tourism_communities",
                                             verbose_name=_("กลุ่มผู้ผลิตในชุมชน"))
    wisdom_records = models.ManyToManyField("wisdom.WisdomRecord", blank=True,
                                            related_name="tourism_communities", verbose_name=_("ภูมิปัญญา"))
    coordinators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                          related_name="coordinated_communities", verbose_name=_("ผู้ประสานงาน"))
    status = models.CharField(_("สถานะ"), max_length=12, choices=PublishStatus.choices,
                              default=PublishStatus.DRAFT)
    address = models.CharField(_("ที่อยู่/จุดนัดพบ"), max_length=300, blank=True)
    address_en = models.CharField(_("ที่อยู่/จุดนัดพบ (อังกฤษ)"), max_length=300, blank=True)
    # Coordinator contacts shown to tourists (the accounts in `coordinators` manage bookings).
    contact_name = models.CharField(_("ผู้ประสานงานชุมชน"), max_length=200, blank=True)
    contact_phone = models.CharField(_("โทรศัพท์ผู้ประสานงาน"), max_length=40, blank=True)
    contact_line_id = models.CharField(_("LINE ID ผู้ประสานงาน"), max_length=60, blank=True)
    contact_email = models.EmailField(_("อีเมลผู้ประสานงาน"), blank=True)
    # Facilities.
    has_parking = models.BooleanField(_("มีที่จอดรถ"), default=False)
    has_toilets = models.BooleanField(_("มีห้องน้ำสำหรับนักท่องเที่ยว"), default=False)
    wheelchair_access = models.BooleanField(_("รองรับรถเข็นวีลแชร์"), default=False)
    has_homestay = models.BooleanField(_("มีโฮมสเตย์"), default=False)
    languages = ArrayField(models.CharField(max_length=2, choices=Language.choices), default=list, blank=True,
                           verbose_name=_("ภาษาที่สื่อสารได้"))
    # Readiness checklist (contact person and photos are checked from the data itself).
    safety_briefing = models.BooleanField(_("มีการชี้แจงความปลอดภัยแก่นักท่องเที่ยว"), default=False)
    prices_agreed = models.BooleanField(_("ตกลงราคากับสมาชิกชุมชนแล้ว"), default=False)
    toilets_parking_noted = models.BooleanField(_("ระบุข้อมูลห้องน้ำและที่จอดรถแล้ว"), default=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = TourismCommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("ชุมชนท่องเที่ยว OTOP นวัตวิถี")
        verbose_name_plural = _("ชุมชนท่องเที่ยว OTOP นวัตวิถี")

    def __str__(self):
        return self.name_th

    def get_absolute_url(self):
        return reverse("tourism:community_detail", kwargs={"slug": self.slug})

    def readiness_missing(self, *, photo_count: int | None = None) -> list[str]:
        """Thai reasons why the readiness checklist is not complete (empty list = ready).

        Pass `photo_count` when it is already known (annotated) to avoid a query."""
        if photo_count is None:
            photo_count = self.photos.count()
        missing = []
        if not self.safety_briefing:
            missing.append(_("ยังไม่มีการชี้แจงความปลอดภัยแก่นักท่องเที่ยว"))
        if not (self.contact_name and (self.contact_phone or self.contact_line_id or self.contact_email)):
            missing.append(_("ยังไม่ระบุผู้ประสานงานและช่องทางติดต่อ"))
        if not self.prices_agreed:
            missing.append(_("ยังไม่ได้ตกลงราคากับสมาชิกชุมชน"))
        if not self.toilets_parking_noted:
            missing.append(_("ยังไม่ได้ระบุข้อมูลห้องน้ำและที่จอดรถ"))
        if photo_count < 1:
            missing.append(_("ยังไม่มีรูปภาพของชุมชน"))
        return [str(m) for m in missing]

    @property
    def facilities(self) -> list[str]:
        names = [(self.has_parking, _("ที่จอดรถ")), (self.has_toilets, _("ห้องน้ำ")),
                 (self.wheelchair_access, _("ทางสำหรับรถเข็น")), (self.has_homestay, _("โฮมสเตย์"))]
        return [str(label) for ok, label in names if ok]

    @property
    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages]


class CommunityPhoto(PhotoBase):
    """A photo of a community (visible with its community; the file server checks this).
    Stored only through services.community_photo_add (core.photos.store_photo)."""

    community = models.ForeignKey(TourismCommunity, on_delete=models.CASCADE, related_name="photos",
                                  verbose_name=_("ชุมชน"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    # A photo is visible and editable exactly when its community is.
    objects = permissions.scoped(permissions.ChildQuerySet, parent_field="community").as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("รูปภาพชุมชน")
        verbose_name_plural = _("รูปภาพชุมชน")

    def __str__(self):
        return self.caption or f"{self.community} #{self.pk}"


class Activity(TimeStampedModel, DemoMarkedModel):
    """A bookable or visitable thing in a community (a workshop, a production visit...)."""

    community = models.ForeignKey(TourismCommunity, on_delete=models.CASCADE, related_name="activities",
                                  verbose_name=_("ชุมชน"))
    title_th = models.CharField(_("ชื่อกิจกรรม (ไทย)"), max_length=200)
    title_en = models.CharField(_("ชื่อกิจกรรม (อังกฤษ)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    activity_type = models.CharField(_("ประเภทกิจกรรม"), max_length=20, choices=ActivityType.choices)
    description = models.TextField(_("รายละเอียด"), blank=True)
    description_en = models.TextField(_("รายละเอียด (อังกฤษ)"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("ระยะเวลา (นาที)"), validators=[MinValueValidator(1)])
    price_per_person = models.DecimalField(_("ราคาต่อคน (บาท)"), max_digits=9, decimal_places=2, default=0,
                                           validators=[MinValueValidator(0)])
    min_group_size = models.PositiveSmallIntegerField(_("จำนวนผู้เข้าร่วมขั้นต่ำ"), default=1,
                                                      validators=[MinValueValidator(1)])
    max_group_size = models.PositiveSmallIntegerField(_("จำนวนผู้เข้าร่วมสูงสุด"), default=30,
                                                      validators=[MinValueValidator(1)])
    products = models.ManyToManyField("products.Product", blank=True, related_name="tourism_activities",
                                      verbose_name=_("ผลิตภัณฑ์ OTOP ที่นำเสนอ"))
    wisdom_records = models.ManyToManyField("wisdom.WisdomRecord", blank=True, related_name="tourism_activities",
                                            verbose_name=_("ภูมิปัญญาที่นำเสนอ"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    # An activity is visible and editable exactly when its community is.
    objects = permissions.scoped(permissions.ChildQuerySet, parent_field="community").as_manager()

    class Meta:
        ordering = ["community", "title_th"]
        verbose_name = _("กิจกรรมท่องเที่ยว")
        verbose_name_plural = _("กิจกรรมท่องเที่ยว")
        constraints = [
            models.CheckConstraint(condition=Q(min_group_size__lte=F("max_group_size")),
                                   name="activity_group_min_lte_max",
                                   violation_error_message=_("จำนวนขั้นต่ำต้องไม่มากกว่าจำนวนสูงสุด")),
            models.CheckConstraint(condition=Q(price_per_person__gte=0), name="activity_price_gte_0",
                                   violation_error_message=_("ราคาต้องไม่ติดลบ")),
        ]

    def __str__(self):
        return self.title_th


class ProgramQuerySet(permissions.ScopedQuerySet):
    """Its own rule (not ChildQuerySet): a program is public only when both it and its community
    are published, while coordinators see and change every program of their communities."""

    def visible_to(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        q = Q(status=PublishStatus.PUBLISHED, community__status=PublishStatus.PUBLISHED)
        if permissions.is_member(user):
            q |= Q(community_id__in=coordinated_community_ids(user))
        return self.filter(q)

    def editable_by(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if not permissions.is_member(user):
            return self.none()
        return self.filter(community_id__in=coordinated_community_ids(user))


class Program(TimeStampedModel, DemoMarkedModel):
    """A named itinerary (โปรแกรมท่องเที่ยว) of ordered activities."""

    community = models.ForeignKey(TourismCommunity, on_delete=models.PROTECT, related_name="programs",
                                  verbose_name=_("ชุมชน"))
    title_th = models.CharField(_("ชื่อโปรแกรม (ไทย)"), max_length=200)
    title_en = models.CharField(_("ชื่อโปรแกรม (อังกฤษ)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    status = models.CharField(_("สถานะ"), max_length=12, choices=PublishStatus.choices,
                              default=PublishStatus.DRAFT)
    duration = models.CharField(_("ระยะเวลา"), max_length=10, choices=ProgramDuration.choices,
                                default=ProgramDuration.ONE_DAY)
    summary = models.TextField(_("รายละเอียดโดยย่อ"), blank=True)
    summary_en = models.TextField(_("รายละเอียดโดยย่อ (อังกฤษ)"), blank=True)
    price_per_person = models.DecimalField(_("ราคารวมต่อคน (บาท)"), max_digits=9, decimal_places=2, default=0,
                                           validators=[MinValueValidator(0)])
    included = models.TextField(_("ราคานี้รวม"), blank=True,
                                help_text=_("เช่น อาหารกลางวัน วัสดุเวิร์กช็อป ไกด์ชุมชน (หนึ่งรายการต่อบรรทัด)"))
    included_en = models.TextField(_("ราคานี้รวม (อังกฤษ)"), blank=True,
                                   help_text=_("หนึ่งรายการต่อบรรทัด เช่น Lunch"))
    available_weekdays = ArrayField(models.PositiveSmallIntegerField(choices=Weekday.choices), default=list,
                                    blank=True, verbose_name=_("วันที่เปิดรับ"),
                                    help_text=_("ว่าง = เปิดทุกวัน"))
    season_start = models.DateField(_("เปิดรับตั้งแต่วันที่"), null=True, blank=True)
    season_end = models.DateField(_("เปิดรับถึงวันที่"), null=True, blank=True)
    min_group_size = models.PositiveSmallIntegerField(_("จำนวนคนต่อกลุ่มขั้นต่ำ"), default=1,
                                                      validators=[MinValueValidator(1)])
    max_group_size = models.PositiveSmallIntegerField(_("จำนวนคนต่อกลุ่มสูงสุด"), default=20,
                                                      validators=[MinValueValidator(1)])
    daily_capacity = models.PositiveSmallIntegerField(_("รับได้สูงสุดต่อวัน (คน)"), default=30,
                                                      validators=[MinValueValidator(1)])
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["title_th"]
        verbose_name = _("โปรแกรมท่องเที่ยว")
        verbose_name_plural = _("โปรแกรมท่องเที่ยว")
        constraints = [
            models.CheckConstraint(condition=Q(min_group_size__lte=F("max_group_size")),
                                   name="program_group_min_lte_max",
                                   violation_error_message=_("จำนวนคนขั้นต่ำต้องไม่มากกว่าจำนวนสูงสุด")),
            models.CheckConstraint(condition=Q(max_group_size__lte=F("daily_capacity")),
                                   name="program_group_max_lte_capacity",
                                   violation_error_message=_("จำนวนคนต่อกลุ่มต้องไม่เกินจำนวนที่รับได้ต่อวัน")),
            models.CheckConstraint(condition=Q(price_per_person__gte=0), name="program_price_gte_0",
                                   violation_error_message=_("ราคาต้องไม่ติดลบ")),
            models.CheckConstraint(
                condition=Q(season_start__isnull=True) | Q(season_end__isnull=True)
                | Q(season_start__lte=F("season_end")),
                name="program_season_start_lte_end",
                violation_error_message=_("วันเริ่มฤดูกาลต้องไม่หลังวันสิ้นสุด")),
        ]
        # The orders the public pages read the first rows in (the list by price, the home page's latest), so
        # PostgreSQL reads those rows from an index instead of sorting every published program.
        indexes = [models.Index(fields=["status", "price_per_person", "title_th"], name="program_status_price"),
                   models.Index(fields=["status", "-updated_at"], name="program_status_updated")]

    def __str__(self):
        return self.title_th

    def get_absolute_url(self):
        return reverse("tourism:program_detail", kwargs={"slug": self.slug})

    def is_available_on(self, day) -> bool:
        """Open on that weekday and inside the season (capacity is checked separately)."""
        if self.available_weekdays and day.weekday() not in self.available_weekdays:
            return False
        if self.season_start and day < self.season_start:
            return False
        return not (self.season_end and day > self.season_end)

    def price_for(self, people: int):
        return self.price_per_person * people

    @property
    def included_lines(self) -> list[str]:
        return [line.strip() for line in self.included.splitlines() if line.strip()]

    @property
    def weekday_labels(self) -> list[str]:
        labels = dict(Weekday.choices)
        return [str(labels[d]) for d in sorted(self.available_weekdays)]


class ProgramItem(models.Model):
    """One step of a program's itinerary: an activity on day N at a time, in order."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="items", verbose_name=_("โปรแกรม"))
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="program_items",
                                 verbose_name=_("กิจกรรม"))
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    day = models.PositiveSmallIntegerField(_("วันที่ของโปรแกรม"), default=1,
                                           validators=[MinValueValidator(1), MaxValueValidator(2)])
    start_time = models.TimeField(_("เวลาเริ่ม"))
    end_time = models.TimeField(_("เวลาสิ้นสุด"), null=True, blank=True)
    note = models.CharField(_("หมายเหตุ"), max_length=200, blank=True)
    note_en = models.CharField(_("หมายเหตุ (อังกฤษ)"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "day", "order", "start_time"]
        verbose_name = _("กำหนดการ")
        verbose_name_plural = _("กำหนดการ")
        constraints = [
            models.UniqueConstraint(fields=["program", "day", "order"], name="programitem_unique_order",
                                    violation_error_message=_("ลำดับซ้ำในวันเดียวกัน")),
            models.CheckConstraint(condition=Q(end_time__isnull=True) | Q(end_time__gt=F("start_time")),
                                   name="programitem_end_after_start",
                                   violation_error_message=_("เวลาสิ้นสุดต้องหลังเวลาเริ่ม")),
        ]

    def __str__(self):
        return f"{self.program} · {self.start_time:%H:%M} {self.activity}"


class Fair(TimeStampedModel, DemoMarkedModel):
    """An OTOP fair or event (งานแสดงสินค้า OTOP / เทศกาล) tourists can visit."""

    title = models.CharField(_("ชื่องาน"), max_length=200)
    title_en = models.CharField(_("ชื่องาน (อังกฤษ)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    starts_on = models.DateField(_("วันเริ่ม"))
    ends_on = models.DateField(_("วันสิ้นสุด"))
    place = models.CharField(_("สถานที่"), max_length=300)
    place_en = models.CharField(_("สถานที่ (อังกฤษ)"), max_length=300, blank=True)
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="tourism_fairs", verbose_name=_("ตำบล"))
    description = models.TextField(_("รายละเอียด"), blank=True)
    description_en = models.TextField(_("รายละเอียด (อังกฤษ)"), blank=True)
    participating_groups = models.ManyToManyField(ProducerGroup, blank=True, related_name="tourism_fairs",
                                                  verbose_name=_("กลุ่มผู้ผลิตที่ร่วมงาน"))
    communities = models.ManyToManyField(TourismCommunity, blank=True, related_name="fairs",
                                         verbose_name=_("ชุมชนท่องเที่ยวที่ร่วมงาน"))
    status = models.CharField(_("สถานะ"), max_length=12, choices=PublishStatus.choices,
                              default=PublishStatus.DRAFT)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    # Published fairs for everyone; staff see drafts and change fairs.
    objects = permissions.scoped(permissions.PublicReadQuerySet,
                                 public_q=Q(status=PublishStatus.PUBLISHED)).as_manager()

    class Meta:
        ordering = ["starts_on", "title"]
        verbose_name = _("งานแสดงสินค้า OTOP และเทศกาล")
        verbose_name_plural = _("งานแสดงสินค้า OTOP และเทศกาล")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="fair_ends_after_start",
                                   violation_error_message=_("วันสิ้นสุดต้องไม่ก่อนวันเริ่ม")),
        ]

    def __str__(self):
        return self.title


class CoordinatedQuerySet(permissions.ScopedQuerySet):
    """Rows of a community that are never public (visits, bookings): staff and the community's
    coordinators only. Not ChildQuerySet: a published community is visible to everyone, its
    visits and bookings are not."""

    community_field = "community_id"

    def visible_to(self, user):
        if permissions.is_staff_user(user):
            return self.all()
        if not permissions.is_member(user):
            return self.none()
        return self.filter(**{f"{self.community_field}__in": coordinated_community_ids(user)})

    editable_by = visible_to


class MonthlyVisit(TimeStampedModel, DemoMarkedModel):
    """Visitors and tourism income of a community in one month (read by the evaluation app)."""

    community = models.ForeignKey(TourismCommunity, on_delete=models.PROTECT, related_name="monthly_visits",
                                  verbose_name=_("ชุมชน"))
    month = models.DateField(_("เดือน"), help_text=_("วันที่ 1 ของเดือน"))
    visitors_thai = models.PositiveIntegerField(_("นักท่องเที่ยวชาวไทย (คน)"), default=0)
    visitors_foreign = models.PositiveIntegerField(_("นักท่องเที่ยวชาวต่างชาติ (คน)"), default=0)
    income = models.DecimalField(_("รายได้จากการท่องเที่ยว (บาท)"), max_digits=12, decimal_places=2, default=0,
                                 validators=[MinValueValidator(0)])
    note = models.TextField(_("หมายเหตุ"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("ผู้บันทึก"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = CoordinatedQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "community"]
        verbose_name = _("สถิตินักท่องเที่ยวและรายได้รายเดือน")
        verbose_name_plural = _("สถิตินักท่องเที่ยวและรายได้รายเดือน")
        constraints = [
            models.UniqueConstraint(fields=["community", "month"], name="monthlyvisit_unique_community_month",
                                    violation_error_message=_("ชุมชนนี้มีข้อมูลของเดือนนี้อยู่แล้ว")),
            models.CheckConstraint(condition=Q(visitors_thai__gte=0) & Q(visitors_foreign__gte=0),
                                   name="monthlyvisit_visitors_gte_0",
                                   violation_error_message=_("จำนวนนักท่องเที่ยวต้องไม่ติดลบ")),
            models.CheckConstraint(condition=Q(income__gte=0), name="monthlyvisit_income_gte_0",
                                   violation_error_message=_("รายได้ต้องไม่ติดลบ")),
            models.CheckConstraint(condition=Q(month__day=1), name="monthlyvisit_first_of_month",
                                   violation_error_message=_("เดือนต้องเป็นวันที่ 1 ของเดือน")),
        ]

    def __str__(self):
        return f"{self.community} {self.month:%Y-%m}"

    @property
    def visitors_total(self) -> int:
        return self.visitors_thai + self.visitors_foreign


class BookingQuerySet(CoordinatedQuerySet):
    """Bookings: staff and the coordinators of the program's community. A tourist reads
    their own only by its code (selectors.booking_by_code), never through a list."""

    community_field = "program__community_id"


class ProgramDateCapacity(models.Model):
    """Places of one program on one date. Locked (select_for_update) by every booking change;
    the CHECK constraint makes overbooking impossible even if a code path forgets the lock."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="date_capacities",
                                verbose_name=_("โปรแกรม"))
    date = models.DateField(_("วันที่"))
    capacity = models.PositiveSmallIntegerField(_("รับได้ (คน)"))
    booked = models.PositiveSmallIntegerField(_("จองแล้ว (คน)"), default=0)

    class Meta:
        ordering = ["program", "date"]
        verbose_name = _("จำนวนที่รับได้รายวัน")
        verbose_name_plural = _("จำนวนที่รับได้รายวัน")
        constraints = [
            models.UniqueConstraint(fields=["program", "date"], name="programdatecapacity_unique_program_date"),
            models.CheckConstraint(condition=Q(booked__lte=F("capacity")), name="programdatecapacity_not_overbooked",
                                   violation_error_message=_("จำนวนผู้จองเกินจำนวนที่รับได้")),
            models.CheckConstraint(condition=Q(booked__gte=0), name="programdatecapacity_booked_gte_0"),
        ]

    def __str__(self):
        return f"{self.program} {self.date}: {self.booked}/{self.capacity}"

    @property
    def remaining(self) -> int:
        return self.capacity - self.booked


class Reseller(TimeStampedModel, DemoMarkedModel):
    """A travel seller (OTA, tour operator) that books programs through the OCTO API (/octo/).
    Staff register it, open programs to it and give it API keys; it sees only the opened programs
    of published communities, and only its own bookings."""

    name = models.CharField(_("ชื่อตัวแทนจำหน่าย"), max_length=200, unique=True)
    contact_name = models.CharField(_("ผู้ติดต่อ"), max_length=200, blank=True)
    contact_email = models.EmailField(_("อีเมลผู้ติดต่อ"), blank=True)
    contact_phone = models.CharField(_("โทรศัพท์ผู้ติดต่อ"), max_length=40, blank=True)
    website = models.URLField(_("เว็บไซต์"), blank=True)
    active = models.BooleanField(_("ใช้งานอยู่"), default=True,
                                 help_text=_("ปิดแล้วกุญแจ API ทุกดอกของตัวแทนนี้ใช้ไม่ได้"))
    programs = models.ManyToManyField(Program, blank=True, related_name="resellers",
                                      verbose_name=_("โปรแกรมที่เปิดให้ขาย"))
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[programs])

    # Staff only (the ScopedQuerySet default): resellers never log in to the portal.
    objects = permissions.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("ตัวแทนจำหน่าย (OCTO)")
        verbose_name_plural = _("ตัวแทนจำหน่าย (OCTO)")

    def __str__(self):
        return self.name


class ResellerKey(models.Model):
    """An API key of a reseller: only its SHA-256 is stored (the key is shown once, on creation);
    `prefix` lets staff tell keys apart. A revoked key stays, for the record."""

    reseller = models.ForeignKey(Reseller, on_delete=models.CASCADE, related_name="keys",
                                 verbose_name=_("ตัวแทนจำหน่าย"))
    label = models.CharField(_("ชื่อกุญแจ"), max_length=100, blank=True)
    prefix = models.CharField(_("ขึ้นต้นด้วย"), max_length=16)
    key_hash = models.CharField(_("ค่าแฮชของกุญแจ"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("ผู้สร้าง"))
    revoked_at = models.DateTimeField(_("เพิกถอนเมื่อ"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("ผู้เพิกถอน"))
    last_used_at = models.DateTimeField(_("ใช้ล่าสุดเมื่อ"), null=True, blank=True)

    objects = permissions.ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("กุญแจ API ของตัวแทนจำหน่าย")
        verbose_name_plural = _("กุญแจ API ของตัวแทนจำหน่าย")

    def __str__(self):
        return f"{self.reseller} {self.prefix}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Booking(TimeStampedModel, DemoMarkedModel):
    """A tourist's booking request for a program on a date. The tourist reads it by its code.

    A reseller's booking (OCTO) is a Booking too, with `reseller`, its idempotency `uuid` and, while
    ON_HOLD, `hold_expires_at`: the coordinators' queue, the capacity rows and the community's list
    see it like any other."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="bookings",
                                verbose_name=_("โปรแกรม"))
    code = models.CharField(_("รหัสการจอง"), max_length=12, unique=True, editable=False)
    date = models.DateField(_("วันที่เดินทาง"))
    people = models.PositiveSmallIntegerField(_("จำนวนผู้เดินทาง (คน)"), validators=[MinValueValidator(1)])
    name = models.CharField(_("ชื่อผู้จอง"), max_length=200)
    phone = models.CharField(_("โทรศัพท์"), max_length=20, blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=60, blank=True)
    email = models.EmailField(_("อีเมล"), blank=True)
    notes = models.TextField(_("หมายเหตุถึงชุมชน"), blank=True)
    total_price = models.DecimalField(_("ราคารวม (บาท)"), max_digits=11, decimal_places=2, default=0)
    status = models.CharField(_("สถานะ"), max_length=12, choices=BookingStatus.choices,
                              default=BookingStatus.REQUESTED)
    response_note = models.TextField(_("ข้อความจากชุมชน"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("ผู้ดำเนินการ"))
    decided_at = models.DateTimeField(_("ดำเนินการเมื่อ"), null=True, blank=True)
    # OCTO (reseller) bookings.
    reseller = models.ForeignKey(Reseller, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="bookings", verbose_name=_("ตัวแทนจำหน่าย"))
    uuid = models.UUIDField(_("UUID ของตัวแทนจำหน่าย"), null=True, blank=True, editable=False)
    reseller_reference = models.CharField(_("รหัสอ้างอิงของตัวแทนจำหน่าย"), max_length=100, blank=True)
    hold_expires_at = models.DateTimeField(_("กันที่ไว้ถึง"), null=True, blank=True)
    unit_items = models.JSONField(_("รายการผู้เดินทาง (OCTO)"), default=list, blank=True, editable=False)
    contact_locales = ArrayField(models.CharField(max_length=35), default=list, blank=True,
                                 verbose_name=_("ภาษาของผู้เดินทาง"))
    confirmed_by_reseller_at = models.DateTimeField(_("ตัวแทนยืนยันเมื่อ"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("การจองโปรแกรมท่องเที่ยว")
        verbose_name_plural = _("การจองโปรแกรมท่องเที่ยว")
        constraints = [
            # A reseller's booking gets its traveller's contact on confirm (a hold may expire without one).
            models.CheckConstraint(condition=~Q(phone="", line_id="", email="") | Q(reseller__isnull=False),
                                   name="booking_has_contact_unless_resold",
                                   violation_error_message=_("กรุณาระบุช่องทางติดต่ออย่างน้อยหนึ่งช่องทาง")),
            models.CheckConstraint(condition=~Q(status="on_hold") | Q(hold_expires_at__isnull=False,
                                                                      reseller__isnull=False),
                                   name="booking_hold_has_expiry",
                                   violation_error_message=_("การกันที่ต้องมีเวลาหมดอายุ")),
            models.CheckConstraint(condition=Q(reseller__isnull=True) | Q(uuid__isnull=False),
                                   name="booking_reseller_has_uuid",
                                   violation_error_message=_("การจองของตัวแทนจำหน่ายต้องมี UUID")),
            models.UniqueConstraint(fields=["reseller", "uuid"], name="booking_unique_reseller_uuid",
                                    condition=Q(reseller__isnull=False),
                                    violation_error_message=_("UUID นี้ถูกใช้กับการจองอื่นแล้ว")),
            models.CheckConstraint(condition=Q(people__gte=1), name="booking_people_gte_1",
                                   violation_error_message=_("จำนวนผู้เดินทางต้องมีอย่างน้อย 1 คน")),
        ]
        indexes = [models.Index(fields=["program", "date"], name="booking_program_date"),
                   models.Index(fields=["hold_expires_at"], name="booking_hold_expiry",
                                condition=Q(status="on_hold"))]

    def __str__(self):
        return f"{self.code} {self.program}"

    def get_absolute_url(self):
        return reverse("tourism:booking_status", kwargs={"code": self.code})
