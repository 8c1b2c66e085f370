from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.inputs import InputSerializer, StrictInputMixin
from core.models import District, ProducerGroup

from .. import selectors, services
from ..choices import EventStatus, Expertise
from ..models import Event, ExpertProfile, KnowledgeItem, MentoringSession, Mentorship, Registration


class ExpertSerializer(serializers.ModelSerializer):
    expertise = serializers.ListField(child=serializers.ChoiceField(choices=Expertise.choices), allow_empty=True)
    districts_served = serializers.SlugRelatedField(slug_field="code", many=True, required=False,
                                                    queryset=District.objects.all())

    class Meta:
        model = ExpertProfile
        fields = ["id", "name", "slug", "title", "expertise", "organisation", "bio", "districts_served",
                  "languages", "contact_preference", "visibility", "is_active", "user", "is_demo"]
        read_only_fields = ["slug", "is_demo"]


class KnowledgeSerializer(serializers.ModelSerializer):
    tags = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    experts = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    figure_change_percent = serializers.DecimalField(max_digits=8, decimal_places=1, read_only=True,
                                                     allow_null=True)  # null without both figures

    class Meta:
        model = KnowledgeItem
        fields = ["id", "title", "title_en", "slug", "kind", "summary", "summary_en", "body", "tags", "video_url", "figure_label",
                  "figure_unit", "figure_before", "figure_after", "figure_change_percent", "experts", "status",
                  "published_at", "is_demo"]
        read_only_fields = ["slug", "status", "published_at", "is_demo"]


class EventWisdomSerializer(serializers.Serializer):
    """A wisdom record an event teaches (read-only; only those the caller may see)."""

    id = serializers.IntegerField(read_only=True)
    slug = serializers.CharField(read_only=True)
    title_th = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)


class _VisibleWisdomField(serializers.PrimaryKeyRelatedField):
    """A wisdom record the requesting user may see (staff: any)."""

    def get_queryset(self):
        request = self.context.get("request")
        return selectors.wisdom_choices(user=request.user if request else None)


class EventSerializer(serializers.ModelSerializer):
    """`online_url` is writable by staff; it is read back as null unless the caller is staff or a
    confirmed participant of that event (never leaked). `wisdom_records` lists the local wisdom the event
    teaches that the caller may see (never a record hidden from them); staff set the list by
    `wisdom_record_ids` on create and update (replacing it; omitted on update: unchanged)."""

    online_url = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=200,
                                       help_text="Zoom / Google Meet / Teams / Facebook Live (http/https); "
                                                 "null for callers who are not confirmed participants")
    speakers = serializers.SlugRelatedField(slug_field="slug", many=True, required=False,
                                            queryset=ExpertProfile.objects.all())
    district = serializers.SlugRelatedField(slug_field="code", required=False, allow_null=True,
                                            queryset=District.objects.all())
    confirmed_count = serializers.IntegerField(read_only=True)
    waitlist_count = serializers.IntegerField(read_only=True)
    wisdom_records = serializers.SerializerMethodField()
    wisdom_record_ids = _VisibleWisdomField(many=True, required=False, write_only=True, source="wisdom_records",
                                            help_text="ids of the wisdom records the event teaches (replaces the list)")

    class Meta:
        model = Event
        fields = ["id", "title", "title_en", "slug", "kind", "status", "starts_at", "ends_at", "description",
                  "description_en", "venue", "venue_en",
                  "district", "online_url", "speakers", "capacity", "audience",
                  "registration_deadline", "recording_url", "materials", "confirmed_count", "waitlist_count",
                  "wisdom_records", "wisdom_record_ids", "is_demo"]
        read_only_fields = ["slug", "is_demo"]

    @extend_schema_field(EventWisdomSerializer(many=True))
    def get_wisdom_records(self, event) -> list[dict]:
        visible = getattr(event, "visible_wisdom", None)  # prefetched by the viewset (selectors.event_wisdom_prefetch)
        if visible is None:
            request = self.context.get("request")
            visible = selectors.event_wisdom(user=request.user if request else None, event=event)
        return EventWisdomSerializer(visible, many=True).data

    def validate_online_url(self, value):
        return value or ""  # null (as read back) means none

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["online_url"] = self.visible_online_url(instance)
        return data

    def visible_online_url(self, event) -> str | None:
        confirmed_ids = self.context.get("confirmed_event_ids")
        user = self.context["request"].user
        from core import permissions

        if not event.online_url:
            return None
        if permissions.is_staff_user(user):
            return event.online_url
        if confirmed_ids is not None:
            return event.online_url if event.pk in confirmed_ids and event.status == EventStatus.PUBLISHED else None
        return event.online_url if services.can_see_online_url(event, user) else None


class RegistrationSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)  # null: no group
    email = serializers.EmailField(read_only=True, allow_blank=True)  # "" for an account without one

    class Meta:
        model = Registration
        fields = ["id", "event", "user", "group", "name", "email", "phone", "status", "registered_at",
                  "attended", "reminded_at"]
        read_only_fields = fields


class RegisterInputSerializer(InputSerializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)


class AttendanceInputSerializer(InputSerializer):
    attended = serializers.BooleanField()


class MentoringSessionSerializer(StrictInputMixin, serializers.ModelSerializer):
    class Meta:
        model = MentoringSession
        fields = ["id", "date", "covered", "next_step"]


class MentorshipSerializer(serializers.ModelSerializer):
    mentor_expert = serializers.SlugRelatedField(slug_field="slug", required=False, allow_null=True,
                                                 queryset=ExpertProfile.objects.all())
    mentor_group = serializers.SlugRelatedField(slug_field="slug", required=False, allow_null=True,
                                                queryset=ProducerGroup.objects.all())
    mentee_group = serializers.SlugRelatedField(slug_field="slug", queryset=ProducerGroup.objects.all())
    session_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Mentorship
        fields = ["id", "mentor_expert", "mentor_group", "mentee_group", "topic", "started_on", "status",
                  "outcome", "session_count", "is_demo"]
        read_only_fields = ["status", "outcome", "is_demo"]
