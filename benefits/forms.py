from django import forms
from django.utils.translation import gettext_lazy as _

from core.actors import SYSTEM
from core.models import ProducerGroup, User
from core.widgets import ThaiDateField, ThaiMonthField
from products import selectors as products_selectors
from tourism import selectors as tourism_selectors
from wisdom import selectors as wisdom_selectors

from .choices import BeneficiaryKind
from .models import Agreement, Beneficiary, LedgerEntry, Payment


class AgreementForm(forms.ModelForm):
    """Staff's agreement form; the choices are every group, community, record, product and program
    (the service checks that products and programs belong to the party)."""

    class Meta:
        model = Agreement
        fields = ["title", "producer_group", "tourism_community", "wisdom_record", "products", "programs",
                  "share_basis", "rate", "start_date", "end_date", "signed_on", "document", "note"]
        field_classes = {"start_date": ThaiDateField, "end_date": ThaiDateField, "signed_on": ThaiDateField}
        widgets = {"products": forms.CheckboxSelectMultiple, "programs": forms.CheckboxSelectMultiple,
                   "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer_group"].queryset = ProducerGroup.objects.order_by("name_th")
        self.fields["tourism_community"].queryset = tourism_selectors.communities().order_by("name_th")
        self.fields["wisdom_record"].queryset = wisdom_selectors.records_visible_to(user=SYSTEM)
        self.fields["products"].queryset = products_selectors.products_of_all_groups() \
            .select_related("group").order_by("group__name_th", "name_th")
        self.fields["products"].label_from_instance = lambda p: f"{p.name_th} ({p.group.name_th})"
        self.fields["programs"].queryset = tourism_selectors.programs_visible_to(user=SYSTEM) \
            .select_related("community").order_by("community__name_th", "title_th")
        self.fields["programs"].label_from_instance = lambda p: f"{p.title_th} ({p.community.name_th})"

    def clean(self):
        data = super().clean()
        # The one-party rule is a database check; say it here in Thai before the service is called.
        if bool(data.get("producer_group")) == bool(data.get("tourism_community")):
            raise forms.ValidationError(_("ระบุกลุ่มผู้ผลิตหรือชุมชนท่องเที่ยวอย่างใดอย่างหนึ่ง"))
        return data

    def _post_clean(self):
        pass  # the service runs full_clean (and the rules across fields and rows)


class BeneficiaryForm(forms.ModelForm):
    class Meta:
        model = Beneficiary
        fields = ["kind", "holder", "name", "account", "share_percent"]

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        record_ids = [agreement.wisdom_record_id] if agreement.wisdom_record_id else []
        self.fields["holder"].queryset = wisdom_selectors.holders_of_records(record_ids=record_ids)
        self.fields["name"].required = False
        self.fields["account"].queryset = User.objects.filter(is_active=True).order_by("username")
        self.fields["kind"].initial = BeneficiaryKind.HOLDER

    def _post_clean(self):
        pass


class ComputeForm(forms.Form):
    month = ThaiMonthField(label=_("เดือนที่จะคำนวณ"), past_years=5, future_years=0)


class PaymentForm(forms.ModelForm):
    class Meta:
        model = Payment
        fields = ["entry", "paid_on", "amount", "method", "reference", "receipt", "note"]
        field_classes = {"paid_on": ThaiDateField}

    def __init__(self, *args, beneficiary: Beneficiary, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = LedgerEntry.objects.filter(beneficiary=beneficiary).order_by("-month")
        self.fields["entry"].required = False
        self.fields["paid_on"].widget.future_years = 0

    def _post_clean(self):
        pass
