from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core import permissions
from core.api.inputs import InputSerializer, StrictInputMixin
from core.api.schema import RoleDependentFields
from core.api.serializers import SubdistrictCodeField
from core.files import file_url
from core.models import ProducerGroup

from ..choices import ConsentScope
from ..forms import RECORD_FORM_FIELDS
from ..models import HolderConsent, KnowledgeHolder, WisdomDocument, WisdomPhoto, WisdomRecord, WisdomVideo


def _absolute(request, url):
    return request.build_absolute_uri(url) if (request and url) else url


class WisdomPhotoSerializer(serializers.ModelSerializer):
    image = serializers.SerializerMethodField()
    thumbnail = serializers.SerializerMethodField()

    class Meta:
        model = WisdomPhoto
        fields = ["id", "caption", "credit", "access_level", "image", "thumbnail"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_image(self, obj):
        return _absolute(self.context.get("request"), file_url(obj, "image"))

    @extend_schema_field(OpenApiTypes.URI)
    def get_thumbnail(self, obj):
        return _absolute(self.context.get("request"), file_url(obj, "thumbnail"))


class VideoSerializer(serializers.ModelSerializer):
    provider = serializers.CharField(read_only=True)
    embed_url = serializers.CharField(read_only=True)

    class Meta:
        model = WisdomVideo
        fields = ["id", "title", "url", "provider", "embed_url", "access_level"]


class DocumentSerializer(serializers.ModelSerializer):
    file = serializers.SerializerMethodField()

    class Meta:
        model = WisdomDocument
        fields = ["id", "title", "file", "access_level"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_file(self, obj):
        return _absolute(self.context.get("request"), file_url(obj, "file"))


class HolderConsentSerializer(serializers.ModelSerializer):
    """One period of a holder's consent to one scope (staff and the record's own community only)."""

    form_url = serializers.SerializerMethodField()
    recorded_by = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = HolderConsent
        fields = ["id", "holder", "scope", "given_on", "withdrawn_on", "recorded_by", "witness", "note", "form_url"]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_form_url(self, obj) -> str | None:
        return _absolute(self.context.get("request"), file_url(obj, "form")) if obj.form else None


class ConsentGrantInputSerializer(InputSerializer):
    holder = serializers.PrimaryKeyRelatedField(queryset=KnowledgeHolder.objects.all())
    scope = serializers.ChoiceField(choices=ConsentScope.choices)
    given_on = serializers.DateField()
    witness = serializers.CharField(max_length=200, required=False, allow_blank=True)
    form = serializers.FileField(required=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ConsentWithdrawInputSerializer(InputSerializer):
    on = serializers.DateField(required=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ConsentWithdrawResultSerializer(serializers.Serializer):
    consent = HolderConsentSerializer()
    unpublished = serializers.ListField(child=serializers.CharField())


class HolderSerializer(RoleDependentFields, serializers.ModelSerializer):
    """Public fields; `contact` only for staff; the consent periods (``consents``) only for staff and
    the owning community (the prefetch ``visible_consents`` is empty for everyone else)."""

    consents = serializers.SerializerMethodField()
    ROLE_DEPENDENT_FIELDS = ("contact", "consents")  # contact: staff; consents: staff and the own community

    class Meta:
        model = KnowledgeHolder
        fields = ["id", "name", "role", "age", "birth_year", "contact", "consents"]

    @extend_schema_field(HolderConsentSerializer(many=True))
    def get_consents(self, obj) -> list:
        return HolderConsentSerializer(getattr(obj, "visible_consents", []), many=True,
                                       context=self.context).data

    def to_representation(self, obj):
        data = super().to_representation(obj)
        user = self.context["request"].user
        if not permissions.is_staff_user(user):
            data.pop("contact", None)
            if not self.context.get("internal"):
                data.pop("consents", None)
        return data


class RecordProductSerializer(serializers.Serializer):
    """A published product made from the record (WisdomRecordDetail.products)."""

    name_th = serializers.CharField()
    slug = serializers.CharField()
    group = serializers.CharField(help_text="the producer group's name")
    url = serializers.URLField()


class WisdomRecordSerializer(RoleDependentFields, serializers.ModelSerializer):
    subdistrict = SubdistrictCodeField()
    district = serializers.CharField(source="subdistrict.district_id", read_only=True)
    district_name = serializers.CharField(source="subdistrict.district.name_th", read_only=True)
    subdistrict_name = serializers.CharField(source="subdistrict.name_th", read_only=True)
    owner_group = serializers.SlugRelatedField(slug_field="slug", queryset=ProducerGroup.objects.all(),
                                               required=False, allow_null=True)
    # Written as `process_steps`, handed to the services as `steps` (the read-only `steps` lists them).
    process_steps = serializers.ListField(child=serializers.CharField(max_length=2000), required=False,
                                          max_length=100, write_only=True, source="steps")
    steps = serializers.SerializerMethodField()
    has_video = serializers.BooleanField(read_only=True)
    photos = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    potential_score = serializers.FloatField(read_only=True, allow_null=True)  # null until all four scores

    STAFF_ONLY = ("market_score", "uniqueness_score", "transferability_score", "material_score",
                  "potential_score", "staff_notes")
    ROLE_DEPENDENT_FIELDS = (*STAFF_ONLY, "steps")  # left out for non-staff / when steps are not read

    class Meta:
        model = WisdomRecord
        fields = ["id", "slug", "url", "status", *RECORD_FORM_FIELDS, "district", "district_name",
                  "subdistrict_name", "process_steps", "steps", "has_video", "photos", "published_at",
                  "is_demo", "market_score", "uniqueness_score", "transferability_score", "material_score",
                  "potential_score", "staff_notes"]
        read_only_fields = ["slug", "status", "published_at", "is_demo"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        return _absolute(self.context.get("request"), obj.get_absolute_url())

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_steps(self, obj):
        return [s.text for s in obj.steps.all()] if "steps" in getattr(obj, "_prefetched_objects_cache", {}) \
            else None

    @extend_schema_field(WisdomPhotoSerializer(many=True))
    def get_photos(self, obj):
        return WisdomPhotoSerializer(getattr(obj, "visible_photos", []), many=True, context=self.context).data

    def to_representation(self, obj):
        data = super().to_representation(obj)
        user = self.context["request"].user
        if not permissions.is_staff_user(user):
            for key in self.STAFF_ONLY:
                data.pop(key, None)
        if data.get("steps") is None:
            data.pop("steps", None)
        return data


class WisdomRecordDetailSerializer(WisdomRecordSerializer):
    holders = serializers.SerializerMethodField()
    videos = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    products = serializers.SerializerMethodField()

    class Meta(WisdomRecordSerializer.Meta):
        fields = [*WisdomRecordSerializer.Meta.fields, "holders", "videos", "documents", "products"]

    def _ctx(self, obj):
        from ..selectors import can_see_internal

        return {**self.context, "internal": can_see_internal(self.context["request"].user, obj)}

    @extend_schema_field(HolderSerializer(many=True))
    def get_holders(self, obj):
        return HolderSerializer(getattr(obj, "visible_holders", []), many=True, context=self._ctx(obj)).data

    @extend_schema_field(VideoSerializer(many=True))
    def get_videos(self, obj):
        return VideoSerializer(getattr(obj, "visible_videos", []), many=True, context=self.context).data

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, obj):
        return DocumentSerializer(getattr(obj, "visible_documents", []), many=True, context=self.context).data

    @extend_schema_field(RecordProductSerializer(many=True))
    def get_products(self, obj):
        return [{"name_th": p.name_th, "slug": p.slug, "group": p.group.name_th,
                 "url": _absolute(self.context.get("request"), p.get_absolute_url())}
                for p in getattr(obj, "published_products", [])]


class WisdomCommentSerializer(InputSerializer):
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class VideoInputSerializer(InputSerializer):
    url = serializers.CharField(max_length=500)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    access_level = serializers.ChoiceField(choices=WisdomVideo._meta.get_field("access_level").choices,
                                           required=False)


class PhotoInputSerializer(InputSerializer):
    file = serializers.FileField()
    caption = serializers.CharField(max_length=300, required=False, allow_blank=True)
    credit = serializers.CharField(max_length=200, required=False, allow_blank=True)
    access_level = serializers.ChoiceField(choices=WisdomPhoto._meta.get_field("access_level").choices,
                                           required=False)


class HolderInputSerializer(StrictInputMixin, serializers.ModelSerializer):
    class Meta:
        model = KnowledgeHolder
        fields = ["name", "role", "age", "birth_year", "contact"]


class DocumentInputSerializer(InputSerializer):
    file = serializers.FileField()
    title = serializers.CharField(max_length=300)
    access_level = serializers.ChoiceField(choices=WisdomDocument._meta.get_field("access_level").choices,
                                           required=False)


# --- Lineage (issue 17) ---------------------------------------------------------------------------


class LineageEntrySerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField(help_text="the object's page on the portal, or empty")
    meta = serializers.CharField()
    details = serializers.ListField(child=serializers.CharField())


class LineageFigureSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True, coerce_to_string=False)
    kind = serializers.ChoiceField(choices=["count", "private_count", "baht", "percent"])


class LineageMilestoneSerializer(serializers.Serializer):
    day = serializers.DateField()
    label = serializers.CharField()
    url = serializers.CharField()


class LineageMonthSerializer(serializers.Serializer):
    series = serializers.CharField()
    month = serializers.DateField(help_text="the first day of the month")
    value = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=False)


class LineageSectionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="products, tourism, network, evaluation, campaigns")
    title = serializers.CharField()
    entries = LineageEntrySerializer(many=True)
    figures = LineageFigureSerializer(many=True)
    milestones = LineageMilestoneSerializer(many=True)
    monthly = serializers.SerializerMethodField(help_text="money per month and series (full version only)")
    table = serializers.SerializerMethodField(help_text="income of the units involved per fiscal year "
                                                        "(full version only): headers and rows")

    @extend_schema_field(LineageMonthSerializer(many=True))
    def get_monthly(self, section) -> list:
        return [{"series": str(series), "month": month, "value": value}
                for series, months in section.monthly.items() for month, value in sorted(months.items())]

    @extend_schema_field({"type": "object", "nullable": True, "properties": {
        "headers": {"type": "array", "items": {"type": "string"}},
        "rows": {"type": "array", "items": {"type": "array", "items": {}}}}})
    def get_table(self, section):
        if not section.table:
            return None
        headers, rows = section.table
        return {"headers": [str(h) for h in headers],
                "rows": [[v if isinstance(v, int | str) or v is None else str(v) for v in row] for row in rows]}


class LineageSerializer(serializers.Serializer):
    """What a wisdom record became and earned. ``private`` false: the public version (counts and dates
    only); true for staff and the record's own community (money summed from rows they may see)."""

    record = serializers.SerializerMethodField()
    private = serializers.BooleanField()
    fiscal_year = serializers.IntegerField(allow_null=True)
    counts = serializers.DictField(child=serializers.IntegerField())
    money = serializers.DictField(child=serializers.DecimalField(max_digits=16, decimal_places=2,
                                                                 coerce_to_string=False))
    revenue = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=False, allow_null=True,
                                       source="visible_revenue", help_text="booking value + attributed sales; "
                                                                           "null on the public version")
    timeline = LineageMilestoneSerializer(many=True)
    sections = LineageSectionSerializer(many=True)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_record(self, lineage):
        r = lineage.record
        return {"id": r.pk, "slug": r.slug, "title_th": r.title_th, "url": r.get_absolute_url()}
