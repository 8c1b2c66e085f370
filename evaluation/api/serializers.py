"""API of the income evaluation. Field names are a contract (issue #6); decimals are strings."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.inputs import InputSerializer
from core.files import file_url
from core.models import ProducerGroup
from products import selectors as products_selectors
from tourism import selectors as tourism_selectors

from ..choices import ActionStatus, IncomeSource, ResultStatus, UnitType
from ..models import (
    DistrictTarget,
    Enrollment,
    Finding,
    ImprovementAction,
    IncomeRecord,
    ProductSale,
    Report,
    Target,
    UnitTarget,
)
from ..selectors import parse_month


@extend_schema_field({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$", "example": "2027-03"})
class MonthField(serializers.Field):
    """A month as "YYYY-MM" (Gregorian); stored as its first day."""

    default_error_messages = {"invalid": "รูปแบบเดือนต้องเป็น YYYY-MM (ปีคริสต์ศักราช) เช่น 2027-03"}

    def to_representation(self, value):
        return value.strftime("%Y-%m")

    def to_internal_value(self, data):
        text = str(data)
        if len(text) != 7 or text[4] != "-":
            self.fail("invalid")
        try:
            return parse_month(text)
        except DjangoValidationError:
            self.fail("invalid")


class ProductSaleSerializer(serializers.ModelSerializer):
    """One line of a month's product-sales breakdown. POST with a record and product that already have a
    line changes it (the breakdown may not exceed the record's amount: 400 in Thai)."""

    income_record = serializers.PrimaryKeyRelatedField(queryset=IncomeRecord.objects.all())
    product = serializers.PrimaryKeyRelatedField(queryset=products_selectors.products_of_all_groups())
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    quantity = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    month = MonthField(source="income_record.month", read_only=True)
    product_name = serializers.CharField(source="product.name_th", read_only=True)

    class Meta:
        model = ProductSale
        fields = ["id", "income_record", "month", "product", "product_name", "amount", "quantity", "created_at",
                  "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # a repeated record/product is an update (the service), not an error


class UnitFieldsMixin(serializers.Serializer):
    producer_group = serializers.PrimaryKeyRelatedField(queryset=ProducerGroup.objects.all(), required=False,
                                                        allow_null=True)
    tourism_community = serializers.PrimaryKeyRelatedField(queryset=tourism_selectors.communities(),
                                                           required=False, allow_null=True)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if bool(attrs.get("producer_group")) == bool(attrs.get("tourism_community")):
            raise serializers.ValidationError(
                {"non_field_errors": ["ระบุ producer_group หรือ tourism_community อย่างใดอย่างหนึ่งเท่านั้น"]})
        return attrs


class IncomeRecordSerializer(UnitFieldsMixin, serializers.ModelSerializer):
    month = MonthField()
    source = serializers.ChoiceField(choices=IncomeSource.choices)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)

    class Meta:
        model = IncomeRecord
        fields = ["id", "producer_group", "tourism_community", "month", "source", "amount", "created_at",
                  "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # unit/month/source repeats are updates (the service), not errors


class EnrollmentSerializer(UnitFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Enrollment
        fields = ["id", "fiscal_year", "project", "producer_group", "tourism_community", "is_demo"]
        read_only_fields = ["is_demo"]
        validators = []


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["id", "fiscal_year", "project", "target_percent", "updated_at"]
        read_only_fields = ["updated_at"]
        validators = []


class CascadedTargetFields(serializers.Serializer):
    """What district and unit targets share: the reason is required with every write (a PATCH too)."""

    target_percent = serializers.DecimalField(max_digits=7, decimal_places=2)
    reason = serializers.CharField(allow_blank=False, trim_whitespace=True,
                                   help_text="เหตุผลที่กำหนดหรือเปลี่ยนเป้าหมาย (ต้องระบุทุกครั้งที่เขียน)")
    set_by_name = serializers.SerializerMethodField()

    def get_set_by_name(self, obj) -> str:
        user = obj.set_by
        return (user.get_full_name() or user.get_username()) if user is not None else ""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and "reason" not in attrs:
            raise serializers.ValidationError({"reason": ["ระบุเหตุผลที่เปลี่ยนเป้าหมาย"]})
        return attrs


class DistrictTargetSerializer(CascadedTargetFields, serializers.ModelSerializer):
    """A district's own target for a fiscal year (overrides the department's for the district and its
    units without a target of their own)."""

    district_name = serializers.CharField(source="district.name_th", read_only=True)

    class Meta:
        model = DistrictTarget
        fields = ["id", "fiscal_year", "district", "district_name", "target_percent", "reason", "set_by_name",
                  "updated_at", "is_demo"]
        read_only_fields = ["updated_at", "is_demo"]
        validators = []  # a repeated year/district is a change (the service), not an error


class UnitTargetSerializer(CascadedTargetFields, UnitFieldsMixin, serializers.ModelSerializer):
    """A producer group's or tourism community's own target for a fiscal year (overrides its district's
    and the department's)."""

    unit_type = serializers.CharField(read_only=True)
    unit_name = serializers.SerializerMethodField()

    class Meta:
        model = UnitTarget
        fields = ["id", "fiscal_year", "producer_group", "tourism_community", "unit_type", "unit_name",
                  "target_percent", "reason", "set_by_name", "updated_at", "is_demo"]
        read_only_fields = ["updated_at", "is_demo"]
        validators = []

    def get_unit_name(self, obj) -> str:
        return obj.unit.name_th

    def validate(self, attrs):
        if self.instance is not None:  # the unit is what the target is of: kept on a change
            attrs.setdefault("producer_group", self.instance.producer_group)
            attrs.setdefault("tourism_community", self.instance.tourism_community)
        return super().validate(attrs)


class TargetHistorySerializer(serializers.Serializer):
    """One change of a district or unit target (simple-history)."""

    history_date = serializers.DateTimeField()
    history_type = serializers.CharField(help_text="+ สร้าง, ~ แก้ไข, - ลบ")
    history_user = serializers.SerializerMethodField()
    target_percent = serializers.DecimalField(max_digits=7, decimal_places=2)
    reason = serializers.CharField()

    def get_history_user(self, obj) -> str:
        user = obj.history_user
        return (user.get_full_name() or user.get_username()) if user is not None else ""


def _money():
    return serializers.DecimalField(max_digits=16, decimal_places=2)


def _percent():
    return serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class ResultRowSerializer(serializers.Serializer):
    unit_type = serializers.ChoiceField(choices=UnitType.choices)
    unit_id = serializers.IntegerField()
    unit_name = serializers.CharField()
    district = serializers.CharField()
    district_name = serializers.CharField()
    project = serializers.CharField()
    baseline = _money()
    current = _money()
    increase_percent = _percent()
    target_percent = _percent()
    target_level = serializers.ChoiceField(choices=["unit", "district", "project", "all"], allow_null=True,
                                           help_text="ระดับของเป้าหมายที่ใช้: หน่วย > อำเภอ > โครงการ > ทุกโครงการ")
    district_target = _percent()
    status = serializers.ChoiceField(choices=ResultStatus.choices)
    gap = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True,
                                   help_text="บาทที่ยังขาดเพื่อให้บรรลุเป้าหมาย (เฉพาะที่ยังไม่บรรลุ)")
    months_current = serializers.IntegerField()
    months_baseline = serializers.IntegerField()


class ResultSummarySerializer(serializers.Serializer):
    baseline = _money()
    current = _money()
    increase_percent = _percent()
    met = serializers.IntegerField()
    not_met = serializers.IntegerField()
    no_baseline = serializers.IntegerField()
    met_share = _percent()
    units = serializers.IntegerField()
    target_percent = _percent()
    status = serializers.ChoiceField(choices=ResultStatus.choices)
    gap = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)


class ResultDistrictSerializer(ResultSummarySerializer):
    """A district judged against its own target (else the department's)."""

    key = serializers.CharField(allow_null=True)
    key_name = serializers.CharField(allow_null=True)
    target_level = serializers.ChoiceField(choices=["district", "department"], allow_null=True)
    units_below = serializers.IntegerField(help_text="หน่วยที่ต่ำกว่าเป้าหมายของอำเภอ (เมื่ออำเภอยังไม่บรรลุ)")


class ReportRequestSerializer(InputSerializer):
    fiscal_year = serializers.IntegerField(min_value=2500, max_value=2700)
    as_of = MonthField()


class ReportSerializer(serializers.ModelSerializer):
    as_of = MonthField(read_only=True)
    xlsx = serializers.SerializerMethodField()
    pdf = serializers.SerializerMethodField()
    status_url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = ["id", "fiscal_year", "as_of", "version", "status", "error", "created_at", "started_at",
                  "finished_at", "xlsx", "pdf", "status_url"]
        read_only_fields = fields

    def _link(self, obj, field):
        url = file_url(obj, field)
        request = self.context.get("request")
        return request.build_absolute_uri(url) if url and request else (url or None)

    def get_xlsx(self, obj) -> str | None:
        return self._link(obj, "xlsx")

    def get_pdf(self, obj) -> str | None:
        return self._link(obj, "pdf")

    def get_status_url(self, obj) -> str | None:
        from django.urls import reverse

        return reverse("evaluation-api:report-detail", kwargs={"pk": obj.pk})


class ReportDetailSerializer(ReportSerializer):
    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "snapshot"]
        read_only_fields = fields


class ImprovementActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImprovementAction
        fields = ["id", "finding", "what", "owner", "due_date", "status", "done_at", "result_note",
                  "producer_group", "tourism_community", "product", "program", "development_issue", "created_at"]
        read_only_fields = ["status", "done_at", "created_at"]


class ActionStatusSerializer(InputSerializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    result_note = serializers.CharField(required=False, allow_blank=True, default="")


class FindingSerializer(serializers.ModelSerializer):
    actions = ImprovementActionSerializer(many=True, read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "report", "title", "detail", "created_at", "actions"]
        read_only_fields = ["created_at"]
