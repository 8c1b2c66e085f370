from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.actors import SYSTEM
from core.api.inputs import InputSerializer
from core.files import file_url
from core.models import ProducerGroup, User
from products import selectors as products_selectors
from tourism import selectors as tourism_selectors
from wisdom import selectors as wisdom_selectors

from ..choices import BeneficiaryKind, PaymentMethod, ShareBasis
from ..models import Agreement, Beneficiary, LedgerEntry, Payment


class MonthField(serializers.DateField):
    """A month as "YYYY-MM" (Gregorian); stored as its first day."""

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", input_formats=["%Y-%m"], **kwargs)


class BeneficiaryBriefSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=BeneficiaryKind.choices, read_only=True)

    class Meta:
        model = Beneficiary
        fields = ["id", "kind", "holder", "name", "share_percent", "is_demo"]
        read_only_fields = fields


class HolderField(serializers.PrimaryKeyRelatedField):
    """A knowledge holder by id (the service checks that they hold the agreement's wisdom record)."""

    def get_queryset(self):
        return wisdom_selectors.holders_of_records(record_ids=wisdom_selectors.records_visible_to(user=SYSTEM)
                                                   .values_list("pk", flat=True))


class BeneficiarySerializer(serializers.ModelSerializer):
    """Who shares in an agreement and their split (staff write; the shares of one agreement add up to at
    most 100: 400). ``agreement`` is fixed once created; ``account`` links a holder's portal account so
    they see their own statement."""

    agreement = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.all())
    kind = serializers.ChoiceField(choices=BeneficiaryKind.choices)
    holder = HolderField(required=False, allow_null=True)
    account = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), required=False,
                                                 allow_null=True)
    share_percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)

    class Meta:
        model = Beneficiary
        fields = ["id", "agreement", "kind", "holder", "name", "account", "share_percent", "is_demo", "created_at"]
        read_only_fields = ["is_demo", "created_at"]
        validators: list = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["agreement"].read_only = True
        return fields


class AgreementSerializer(serializers.ModelSerializer):
    """A benefit-sharing agreement. Staff write it (multipart for the signed document); the signed
    document is read through ``document_url`` (the permission-checked file view), never a media path."""

    producer_group = serializers.PrimaryKeyRelatedField(queryset=ProducerGroup.objects.all(), required=False,
                                                        allow_null=True)
    tourism_community = serializers.PrimaryKeyRelatedField(queryset=tourism_selectors.communities(),
                                                           required=False, allow_null=True)
    wisdom_record = serializers.PrimaryKeyRelatedField(queryset=wisdom_selectors.records_visible_to(user=SYSTEM),
                                                       required=False, allow_null=True)
    products = serializers.PrimaryKeyRelatedField(queryset=products_selectors.products_of_all_groups(), many=True,
                                                  required=False)
    programs = serializers.PrimaryKeyRelatedField(queryset=tourism_selectors.programs_visible_to(user=SYSTEM),
                                                  many=True, required=False)
    share_basis = serializers.ChoiceField(choices=ShareBasis.choices)
    rate = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    document = serializers.FileField(write_only=True, required=False)
    document_url = serializers.SerializerMethodField()
    beneficiaries = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = ["id", "title", "producer_group", "tourism_community", "wisdom_record", "products", "programs",
                  "share_basis", "rate", "start_date", "end_date", "signed_on", "document", "document_url", "note",
                  "beneficiaries", "is_demo", "created_at", "updated_at"]
        read_only_fields = ["is_demo", "created_at", "updated_at"]

    def get_document_url(self, obj) -> str:
        return file_url(obj, "document")

    @extend_schema_field(BeneficiaryBriefSerializer(many=True))
    def get_beneficiaries(self, obj):
        """The beneficiaries the caller may see (prefetched by the viewset; after a write, read anew)."""
        rows = getattr(obj, "visible_beneficiaries", None)
        if rows is None:
            request = self.context.get("request")
            rows = (Beneficiary.objects.visible_to(getattr(request, "user", None)).filter(agreement=obj)
                    .order_by("kind", "name", "pk"))
        return BeneficiaryBriefSerializer(rows, many=True, context=self.context).data


class LedgerEntrySerializer(serializers.ModelSerializer):
    month = MonthField(read_only=True)
    beneficiary_name = serializers.CharField(source="beneficiary.name", read_only=True)

    class Meta:
        model = LedgerEntry
        fields = ["id", "agreement", "beneficiary", "beneficiary_name", "month", "kind", "revision", "share_basis",
                  "basis", "rate", "share_percent", "days_entitled", "days_in_month", "amount", "note",
                  "computed_at"]
        read_only_fields = fields


class ComputeInput(InputSerializer):
    month = MonthField(help_text="YYYY-MM: a month that has ended")
    agreements = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.all(), many=True, required=False)


class ComputeResult(serializers.Serializer):
    month = serializers.CharField()
    accruals = serializers.IntegerField()
    adjustments = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    agreements = serializers.ListField(child=serializers.IntegerField())


class PaymentSerializer(serializers.ModelSerializer):
    """A payment to a beneficiary (staff record it; it may not exceed the balance owed: 400)."""

    beneficiary = serializers.PrimaryKeyRelatedField(queryset=Beneficiary.objects.all())
    entry = serializers.PrimaryKeyRelatedField(queryset=LedgerEntry.objects.all(), required=False, allow_null=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    receipt = serializers.FileField(write_only=True, required=False)
    receipt_url = serializers.SerializerMethodField()

    class Meta:
        model = Payment
        fields = ["id", "beneficiary", "entry", "paid_on", "amount", "method", "reference", "receipt", "receipt_url",
                  "note", "is_demo", "created_at"]
        read_only_fields = ["is_demo", "created_at"]

    def get_receipt_url(self, obj) -> str:
        return file_url(obj, "receipt")
