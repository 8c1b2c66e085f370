from rest_framework import serializers

from core import files, permissions
from core.api.inputs import InputSerializer, StrictInputMixin
from core.models import PartnerOrganisation, ProducerGroup

from .. import selectors
from ..choices import PublishStatus, Stage
from ..models import (
    Assessment,
    Certification,
    ChecklistOption,
    ChecklistPart,
    DevelopmentProject,
    GroupMarketingSkill,
    Product,
    ProductPhoto,
    Quadrant,
    StageAttachment,
    StageRecord,
    StarRating,
)


class _EditableGroupField(serializers.PrimaryKeyRelatedField):
    """A producer group the requesting user may edit (staff: any)."""

    def get_queryset(self):
        request = self.context.get("request")
        return ProducerGroup.objects.editable_by(request.user if request else None)


class _VisibleWisdomField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        return selectors.wisdom_choices(user=request.user if request else None)


class PhotoSerializer(serializers.ModelSerializer):
    image_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = ProductPhoto
        fields = ["id", "caption", "position", "image_url", "thumbnail_url"]

    def get_image_url(self, obj) -> str:
        return files.file_url(obj, "image")

    def get_thumbnail_url(self, obj) -> str:
        return files.file_url(obj, "thumbnail")


class PhotoUploadSerializer(InputSerializer):
    image = serializers.FileField()
    caption = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class CertificationSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    is_expired = serializers.BooleanField(read_only=True)

    class Meta:
        model = Certification
        fields = ["id", "kind", "kind_other", "label", "number", "issued_on", "expires_on", "is_expired"]


class StarRatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = StarRating
        fields = ["year", "stars"]


class ProductSerializer(serializers.ModelSerializer):
    group = _EditableGroupField()
    group_name = serializers.CharField(source="group.name_th", read_only=True)
    district = serializers.CharField(source="group.subdistrict.district_id", read_only=True)
    wisdom_records = _VisibleWisdomField(many=True, required=False, write_only=True)
    photos = PhotoSerializer(many=True, read_only=True)
    certifications = CertificationSerializer(many=True, read_only=True)
    star_ratings = StarRatingSerializer(many=True, read_only=True)
    latest_stars = serializers.IntegerField(read_only=True, allow_null=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Product
        fields = ["id", "slug", "url", "name_th", "name_en", "group", "group_name", "district", "product_type",
                  "description", "description_en", "story", "story_en", "price", "unit", "unit_en", "shop_address", "online_shop_url", "line_id",
                  "facebook_url", "wisdom_records", "status", "photos", "certifications", "star_ratings",
                  "latest_stars", "is_demo"]
        read_only_fields = ["slug", "status", "is_demo"]
        validators = []  # the service's full_clean gives the Thai duplicate-name message

    def to_representation(self, instance):
        """The fields written out (DRF's field-by-field machinery was a quarter of a list request); the same
        keys, order and values as `generic_representation` (tests/products/test_api_representation.py)."""
        p = instance
        group = p.group
        price = self.fields["price"]
        return {
            "id": p.id, "slug": p.slug, "url": p.get_absolute_url(), "name_th": p.name_th, "name_en": p.name_en,
            "group": p.group_id, "group_name": group.name_th, "district": group.subdistrict.district_id,
            "product_type": p.product_type, "description": p.description, "description_en": p.description_en,
            "story": p.story, "story_en": p.story_en,
            "price": None if p.price is None else price.to_representation(p.price),
            "unit": p.unit, "unit_en": p.unit_en, "shop_address": p.shop_address,
            "online_shop_url": p.online_shop_url, "line_id": p.line_id, "facebook_url": p.facebook_url,
            "status": p.status,
            "photos": [{"id": photo.id, "caption": photo.caption, "position": photo.position,
                        "image_url": files.file_url(photo, "image"),
                        "thumbnail_url": files.file_url(photo, "thumbnail")} for photo in p.photos.all()],
            "certifications": [_certification(c) for c in p.certifications.all()],
            "star_ratings": [{"year": r.year, "stars": r.stars} for r in p.star_ratings.all()],
            "latest_stars": getattr(p, "latest_stars", None), "is_demo": p.is_demo,
            "wisdom_records": self._visible_wisdom(p),
        }

    def generic_representation(self, instance):
        """DRF's own rendering of the declared fields (the reference the written-out one is tested against)."""
        data = super().to_representation(instance)
        data["wisdom_records"] = self._visible_wisdom(instance)
        return data

    def _visible_wisdom(self, instance):
        # Only the wisdom records this viewer may see (prefetched per request as visible_wisdom).
        visible = getattr(instance, "visible_wisdom", None)
        if visible is None:
            request = self.context.get("request")
            visible = selectors.visible_wisdom(user=request.user if request else None, product=instance)
        return [w.pk for w in visible]


def _certification(c) -> dict:
    """CertificationSerializer's output (dates as ISO 8601, as DRF's DateField writes them)."""
    return {"id": c.id, "kind": c.kind, "kind_other": c.kind_other, "label": str(c.label), "number": c.number,
            "issued_on": c.issued_on.isoformat() if c.issued_on else None,
            "expires_on": c.expires_on.isoformat() if c.expires_on else None, "is_expired": c.is_expired}


class AssessmentSerializer(StrictInputMixin, serializers.ModelSerializer):
    answers = serializers.ListField(child=serializers.CharField(max_length=10), write_only=True,
                                    help_text="option codes, one per checklist part, e.g. [\"1.3\",\"2.2\",...]")
    answer_codes = serializers.SerializerMethodField()
    quadrant = serializers.SlugRelatedField(slug_field="code", read_only=True)
    computed_quadrant = serializers.SlugRelatedField(slug_field="code", read_only=True)
    override_quadrant = serializers.SlugRelatedField(slug_field="code", queryset=Quadrant.objects.all(),
                                                     required=False, allow_null=True)
    needs_review = serializers.BooleanField(read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "product", "fiscal_year", "answers", "answer_codes", "computed_quadrant",
                  "override_quadrant", "override_reason", "quadrant", "needs_review", "notes", "assessed_on"]
        read_only_fields = ["product"]
        validators = []

    def get_answer_codes(self, obj) -> list[str]:
        return [row.option.code for row in obj.answer_rows.all()]


class StageAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = StageAttachment
        fields = ["id", "kind", "caption", "url"]

    def get_url(self, obj) -> str:
        return files.file_url(obj, "file")


class StageRecordSerializer(serializers.ModelSerializer):
    attachments = StageAttachmentSerializer(many=True, read_only=True)
    moved_by = serializers.StringRelatedField()
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = StageRecord
        fields = ["stage", "target_date", "actual_date", "notes", "moved_by", "is_overdue", "attachments"]


class DevelopmentProjectSerializer(serializers.ModelSerializer):
    group = _EditableGroupField()
    group_name = serializers.CharField(source="group.name_th", read_only=True)
    district = serializers.CharField(source="group.subdistrict.district_id", read_only=True)
    partner = serializers.PrimaryKeyRelatedField(queryset=PartnerOrganisation.objects.all(), required=False,
                                                 allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)
    stage_records = StageRecordSerializer(many=True, read_only=True)

    class Meta:
        model = DevelopmentProject
        fields = ["id", "title", "group", "group_name", "district", "product", "fiscal_year", "stage", "is_overdue",
                  "idea", "designer_name", "partner", "design_ideas", "uses_packaging",
                  "uses_production_technique", "uses_food_safety", "uses_digital_tools", "technology_notes",
                  "market_feedback", "trial_units_sold",
                  *(f"{f}_{w}" for f in DevelopmentProject.FIGURES for w in ("before", "after")),
                  "stage_records", "is_demo"]
        read_only_fields = ["stage", "is_demo"]

    def validate_product(self, product):
        request = self.context["request"]
        if product is not None and not Product.objects.visible_to(request.user).filter(pk=product.pk).exists():
            raise serializers.ValidationError("ไม่พบผลิตภัณฑ์")
        return product


class ChecklistOptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistOption
        fields = ["code", "text_th"]


class ChecklistPartSerializer(serializers.ModelSerializer):
    options = ChecklistOptionSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistPart
        fields = ["number", "name_th", "options"]


class MarketingSkillSerializer(serializers.ModelSerializer):
    group = _EditableGroupField()
    skill_label = serializers.CharField(source="get_skill_display", read_only=True)
    training = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)  # null: not from a training
    training_id = serializers.IntegerField(required=False, allow_null=True, write_only=True)

    class Meta:
        model = GroupMarketingSkill
        fields = ["id", "group", "skill", "skill_label", "achieved_on", "evidence_url", "training", "training_id",
                  "note", "is_demo"]
        read_only_fields = ["is_demo"]
        validators = []

    def validate(self, attrs):
        """``training_id`` names a training (a network event) the user may see, through the hook
        products.training_choices; the services receive it as ``training``."""
        attrs = super().validate(attrs)
        if "training_id" in attrs:
            training_id = attrs.pop("training_id")
            training = None
            if training_id is not None:
                request = self.context["request"]
                training = selectors.training_for(user=request.user, pk=training_id)
                if training is None:
                    raise serializers.ValidationError({"training_id": "ไม่พบการอบรมนี้"})
            attrs["training"] = training
        return attrs


class PublishStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PublishStatus.choices)


class QuadrantSummaryDistrictSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_th = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="products per quadrant code")
    unclassified = serializers.IntegerField()
    moved_out_of_d = serializers.IntegerField()


class QuadrantSummarySerializer(serializers.Serializer):
    """GET /products/quadrant-summary/ (documentation only: products.selectors.quadrant_chart)."""

    fiscal_year = serializers.IntegerField()
    moved_out_of_d = serializers.IntegerField()
    totals = serializers.DictField(child=serializers.IntegerField(), help_text="products per quadrant code")
    districts = QuadrantSummaryDistrictSerializer(many=True)


class MoveStageSerializer(InputSerializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


def can_see_assessments(user, product) -> bool:
    return permissions.is_staff_user(user) or (
        permissions.is_producer(user) and product.group_id in permissions.producer_group_ids(user))
