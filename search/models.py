from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import District


class Visibility(models.TextChoices):
    PUBLIC = "public", _("สาธารณะ")
    MEMBERS = "members", _("เฉพาะสมาชิก")


class SearchEntry(models.Model):
    """One searchable object: its text segmented into words, as a `simple` tsvector."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("ประเภท"), max_length=20, db_index=True)
    title = models.CharField(_("ชื่อ"), max_length=300)
    title_en = models.CharField(_("ชื่อ (อังกฤษ)"), max_length=300, blank=True)
    body = models.TextField(_("เนื้อหา"), blank=True)
    body_en = models.TextField(_("เนื้อหา (อังกฤษ)"), blank=True)
    url = models.CharField(max_length=500)
    image_url = models.CharField(max_length=500, blank=True)
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    search_vector = SearchVectorField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ดัชนีค้นหา")
        verbose_name_plural = _("ดัชนีค้นหา")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_entry_unique")
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="search_entry_vector_gin"),
            models.Index(fields=["visibility", "kind"], name="search_entry_vis_kind"),
        ]

    def __str__(self):
        return self.title


class SearchTerm(models.Model):
    """A Latin word of the indexed text (or two adjacent ones written together: "angthong" stands for
    "ang thong"), the lexicon "did you mean" corrects typed Latin words against (no pg_trgm needed)."""

    term = models.CharField(max_length=81, primary_key=True)
    phrase = models.CharField(max_length=81)
    length = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("คำในดัชนีค้นหา")
        verbose_name_plural = _("คำในดัชนีค้นหา")
        indexes = [
            models.Index(fields=["length"], name="search_term_length"),
            models.Index(fields=["term"], name="search_term_prefix", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return self.term
