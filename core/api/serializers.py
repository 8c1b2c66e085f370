from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer as DRFAuthTokenSerializer

from core import permissions
from core.api.inputs import StrictInputMixin
from core.choices import Role
from core.models import District, PartnerOrganisation, ProducerGroup, Subdistrict, User


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["code", "name_th", "name_en", "province"]


class SubdistrictSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district_id", read_only=True)

    class Meta:
        model = Subdistrict
        fields = ["code", "name_th", "name_en", "district", "postcode", "lat", "lng"]


class SubdistrictCodeField(serializers.SlugRelatedField):
    """A subdistrict referenced by its DOPA code ("150101")."""

    default_error_messages = {
        "does_not_exist": "ไม่พบตำบลรหัส {value}",
        "invalid": "รหัสตำบลไม่ถูกต้อง",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Subdistrict.objects.all())
        super().__init__(slug_field="code", **kwargs)


class ProducerGroupSerializer(serializers.ModelSerializer):
    subdistrict = SubdistrictCodeField()
    district = serializers.CharField(source="subdistrict.district_id", read_only=True)
    district_name = serializers.CharField(source="subdistrict.district.name_th", read_only=True)
    subdistrict_name = serializers.CharField(source="subdistrict.name_th", read_only=True)

    class Meta:
        model = ProducerGroup
        fields = ["id", "name_th", "name_en", "slug", "entrepreneur_type", "registration_no",
                  "subdistrict", "subdistrict_name", "district", "district_name", "village_no", "address",
                  "contact_name", "phone", "email", "line_id", "facebook_url", "description", "description_en",
                  "is_demo"]
        read_only_fields = ["slug", "is_demo"]

    PRIVATE_FIELDS = ("contact_name", "email", "address")

    def to_representation(self, instance):
        """The contact person, e-mail and address are for staff and the group's members;
        everyone sees what the public page shows (phone, LINE, Facebook)."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if not (permissions.is_staff_user(user) or instance.pk in permissions.producer_group_ids(user)):
            for name in self.PRIVATE_FIELDS:
                data.pop(name, None)
        return data


class PartnerOrganisationSerializer(serializers.ModelSerializer):
    areas_served = serializers.SlugRelatedField(slug_field="code", many=True, queryset=District.objects.all(),
                                                required=False)

    class Meta:
        model = PartnerOrganisation
        fields = ["id", "name_th", "name_en", "slug", "org_type", "contact_name", "phone", "email", "website",
                  "areas_served", "expertise", "description", "is_demo"]
        read_only_fields = ["slug", "is_demo"]


class AccountSerializer(serializers.ModelSerializer):
    """Staff create accounts: a role, and the producer groups or partner organisation it belongs to."""

    password = serializers.CharField(write_only=True, required=True, style={"input_type": "password"})
    current_password = serializers.CharField(
        write_only=True, required=False, style={"input_type": "password"},
        help_text="the account's current password: needed to change a password unless you are a superuser")
    producer_groups = serializers.PrimaryKeyRelatedField(
        many=True, queryset=ProducerGroup.objects.all(), required=False,
        help_text="ids of producer groups (role producer)")
    partner_organisation = serializers.PrimaryKeyRelatedField(
        queryset=PartnerOrganisation.objects.all(), required=False, allow_null=True,
        help_text="id of the partner organisation (role partner)")

    class Meta:
        model = User
        fields = ["id", "username", "password", "current_password", "first_name", "last_name", "email", "phone", "line_id", "role",
                  "producer_groups", "partner_organisation", "is_active"]

    def validate_password(self, value):
        validate_password(value)
        return value

    def validate(self, attrs):
        role = attrs.get("role", getattr(self.instance, "role", Role.PRODUCER))
        if role == Role.PARTNER and not attrs.get("partner_organisation",
                                                   getattr(self.instance, "partner_organisation", None)):
            raise serializers.ValidationError({"partner_organisation": "บัญชีภาคีเครือข่ายต้องระบุหน่วยงาน"})
        return attrs


class AuthTokenSerializer(StrictInputMixin, DRFAuthTokenSerializer):
    """username and password → a token; a username longer than any account's is a 400, never looked up."""

    username = serializers.CharField(label=_("Username"), write_only=True, max_length=150)
    password = serializers.CharField(label=_("Password"), write_only=True, max_length=4096,
                                     style={"input_type": "password"}, trim_whitespace=False)
