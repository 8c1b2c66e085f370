from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.inputs import InputSerializer
from core.files import file_url

from ..models import Activity, Booking, MonthlyVisit, Program, ProgramItem, TourismCommunity
from ..selectors import PERSONAL_FIELDS


class CommunitySerializer(serializers.ModelSerializer):
    subdistrict = serializers.CharField(source="subdistrict_id", read_only=True)
    district = serializers.CharField(source="subdistrict.district_id", read_only=True)
    district_name = serializers.CharField(source="subdistrict.district.name_th", read_only=True)
    photos = serializers.SerializerMethodField()
    facilities = serializers.ListField(child=serializers.CharField(), read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    contact_email = serializers.EmailField(read_only=True, allow_blank=True)  # "" when none is given

    class Meta:
        model = TourismCommunity
        fields = ["id", "name_th", "name_en", "slug", "subdistrict", "district", "district_name", "village_no",
                  "address", "address_en", "story", "story_en", "lat", "lng", "contact_name", "contact_phone", "contact_line_id",
                  "contact_email", "has_parking", "has_toilets", "wheelchair_access", "has_homestay", "facilities",
                  "languages", "status", "photos", "url", "is_demo"]
        read_only_fields = fields

    def get_photos(self, obj) -> list[dict[str, str]]:
        return [{"thumbnail": file_url(p, "thumbnail"), "image": file_url(p, "image"), "caption": p.caption}
                for p in obj.photos.all()]


class ActivitySerializer(serializers.ModelSerializer):
    products = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "title_th", "title_en", "slug", "activity_type", "description", "description_en",
                  "duration_minutes", "price_per_person", "min_group_size", "max_group_size", "products"]


@extend_schema_field({"type": "string", "pattern": "^[0-9]{2}:[0-9]{2}:[0-9]{2}$", "example": "09:00:00"})
class LocalTimeField(serializers.TimeField):
    """A time of day in Thailand as "HH:MM:SS", without an offset (OpenAPI's `format: time` would need one)."""


class ProgramItemSerializer(serializers.ModelSerializer):
    activity = ActivitySerializer(read_only=True)
    start_time = LocalTimeField(read_only=True)
    end_time = LocalTimeField(read_only=True, allow_null=True)

    class Meta:
        model = ProgramItem
        fields = ["day", "order", "start_time", "end_time", "note", "note_en", "activity"]


class ProgramSerializer(serializers.ModelSerializer):
    community = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    community_name = serializers.CharField(source="community.name_th", read_only=True)
    district = serializers.CharField(source="community.subdistrict.district_id", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Program
        fields = ["id", "title_th", "title_en", "slug", "community", "community_name", "district", "duration",
                  "summary", "summary_en", "price_per_person", "included", "included_en", "available_weekdays", "season_start", "season_end",
                  "min_group_size", "max_group_size", "daily_capacity", "status", "url", "is_demo"]
        read_only_fields = fields

    def to_representation(self, instance):
        """The fields written out (DRF's field-by-field machinery was most of a list request's serialising); the
        same keys, order and values as `generic_representation` (tests/tourism/test_api_representation.py)."""
        p, f = instance, self.fields
        community = p.community
        return {
            "id": p.id, "title_th": p.title_th, "title_en": p.title_en, "slug": p.slug, "community": community.slug,
            "community_name": community.name_th, "district": community.subdistrict.district_id,
            "duration": p.duration, "summary": p.summary, "summary_en": p.summary_en,
            "price_per_person": _or_none(f["price_per_person"], p.price_per_person),
            "included": p.included, "included_en": p.included_en,
            "available_weekdays": _or_none(f["available_weekdays"], p.available_weekdays),
            "season_start": _or_none(f["season_start"], p.season_start),
            "season_end": _or_none(f["season_end"], p.season_end),
            "min_group_size": p.min_group_size, "max_group_size": p.max_group_size,
            "daily_capacity": p.daily_capacity, "status": p.status, "url": p.get_absolute_url(),
            "is_demo": p.is_demo,
        }

    def generic_representation(self, instance):
        """DRF's own rendering of the declared fields (the reference the written-out one is tested against)."""
        return super().to_representation(instance)


def _or_none(field, value):
    return None if value is None else field.to_representation(value)


class ProgramDetailSerializer(ProgramSerializer):
    items = ProgramItemSerializer(many=True, read_only=True)

    class Meta(ProgramSerializer.Meta):
        fields = [*ProgramSerializer.Meta.fields, "items"]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["items"] = self.fields["items"].to_representation(instance.items)
        return data


class BookingSerializer(serializers.ModelSerializer):
    """Create: what a tourist sends. Read: the booking with its status."""

    program = serializers.SlugRelatedField(slug_field="slug", queryset=Program.objects.all())
    program_title = serializers.CharField(source="program.title_th", read_only=True)
    community = serializers.CharField(source="program.community.slug", read_only=True)
    status_url = serializers.CharField(source="get_absolute_url", read_only=True)
    source_code = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=20,
        help_text="Optional: a campaign's human code the tourist was given (e.g. AT-FAIR-24, from a fair-booth "
                  "card). Unknown codes and codes of campaigns not running are a 400 and nothing is saved.")
    reseller = serializers.CharField(source="reseller.name", read_only=True, allow_null=True, default=None,
                                     help_text="The travel seller (OCTO API) that made the booking, if any")

    class Meta:
        model = Booking
        fields = ["id", "code", "program", "program_title", "community", "date", "people", "name", "phone",
                  "line_id", "email", "notes", "total_price", "status", "response_note", "decided_at",
                  "status_url", "reseller", "created_at", "source_code"]
        read_only_fields = ["id", "code", "total_price", "status", "response_note", "decided_at", "created_at"]
        extra_kwargs = {"phone": {"required": False}, "line_id": {"required": False},
                        "email": {"required": False}, "notes": {"required": False}}
        validators = []  # the service checks the rules (and the DB constraints hold them)

    def validate_program(self, program):
        # Only programs the caller can see (anonymous: published ones): never hint at drafts.
        request = self.context["request"]
        if not Program.objects.visible_to(request.user).filter(pk=program.pk).exists():
            raise serializers.ValidationError("ไม่พบโปรแกรมนี้")
        return program


class BookingLookupSerializer(BookingSerializer):
    """A booking read by its code (``by-code`` and ``?code=``): the same field names as Booking, but the
    tourist's name, phone, LINE ID, e-mail and notes are present only when the caller proved the contact
    (``X-Booking-Contact``) or manages the booking; with the code alone they are left out."""

    class Meta(BookingSerializer.Meta):
        read_only_fields = [f for f in BookingSerializer.Meta.fields if f not in PERSONAL_FIELDS]
        extra_kwargs = {f: {"required": False, "read_only": False} for f in PERSONAL_FIELDS}

    def get_fields(self):
        fields = super().get_fields()
        if self.context.get("verified") is False:  # the schema (no context) documents them as optional
            for name in PERSONAL_FIELDS:
                fields.pop(name, None)
        return fields


class ConfirmSerializer(InputSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DeclineSerializer(InputSerializer):
    reason = serializers.CharField()


class RescheduleSerializer(InputSerializer):
    new_date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MonthlyVisitSerializer(serializers.ModelSerializer):
    community = serializers.SlugRelatedField(slug_field="slug", queryset=TourismCommunity.objects.all())
    visitors_total = serializers.IntegerField(read_only=True)

    class Meta:
        model = MonthlyVisit
        fields = ["id", "community", "month", "visitors_thai", "visitors_foreign", "visitors_total", "income",
                  "note", "updated_at"]
        read_only_fields = ["id", "updated_at"]
        validators = []  # upsert: the unique (community, month) pair is updated, not refused
