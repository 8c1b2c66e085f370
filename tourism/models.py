from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import permissions
from core.models import DemoMarkedModel, ProducerGroup, Subdistrict, TimeStampedModel


class PublishStatus(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    PUBLISHED = "published", _("เผยแพร่")


def coordinated_community_ids(user):
    """Subquery of the ids of the communities the user coordinates."""
    return TourismCommunity.coordinators.through.objects.filter(user_id=user.pk).values("tourismcommunity_id")


class TourismCommunityQuerySet(permissions.ScopedQuerySet):
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


class ProgramQuerySet(permissions.ScopedQuerySet):
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
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["title_th"]
        verbose_name = _("โปรแกรมท่องเที่ยว")
        verbose_name_plural = _("โปรแกรมท่องเที่ยว")

    def __str__(self):
        return self.title_th

    def get_absolute_url(self):
        return reverse("tourism:program_detail", kwargs={"slug": self.slug})
