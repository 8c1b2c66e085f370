from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TourismCommunity

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BookingForm(forms.Form):
    """The tourist's booking request. The rules are checked by services.booking_create."""

    date = forms.DateField(label=_("วันที่เดินทาง"), widget=DATE_WIDGET)
    people = forms.IntegerField(label=_("จำนวนผู้เดินทาง (คน)"), min_value=1, max_value=500)
    name = forms.CharField(label=_("ชื่อผู้จอง"), max_length=200)
    phone = forms.CharField(label=_("โทรศัพท์"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
                            help_text=_("เช่น 081-234-5678 หรือ 035-611-234"))
    line_id = forms.CharField(label=_("LINE ID"), max_length=60, required=False)
    email = forms.EmailField(label=_("อีเมล"), required=False,
                             help_text=_("ระบุอีเมลเพื่อรับแจ้งสถานะการจองทางอีเมล"))
    notes = forms.CharField(label=_("หมายเหตุถึงชุมชน"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("เช่น อาหารที่แพ้ ผู้สูงอายุ ต้องการรถเข็น"))

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("line_id") or data.get("email")) and not self.errors.get("email"):
            raise forms.ValidationError(_("กรุณาระบุช่องทางติดต่ออย่างน้อยหนึ่งช่องทาง (โทรศัพท์ LINE ID หรืออีเมล)"))
        return data


class PriceCalculatorForm(forms.Form):
    people = forms.IntegerField(label=_("จำนวนคน"), min_value=1, max_value=500)


class BookingCodeForm(forms.Form):
    code = forms.CharField(label=_("รหัสการจอง"), max_length=12)


class ConfirmForm(forms.Form):
    note = forms.CharField(label=_("ข้อความถึงนักท่องเที่ยว"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("เหตุผลที่ปฏิเสธ"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("กรุณาระบุเหตุผลที่ปฏิเสธ เพื่อแจ้งนักท่องเที่ยว")})


class RescheduleForm(forms.Form):
    new_date = forms.DateField(label=_("วันที่ใหม่"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("ข้อความถึงนักท่องเที่ยว"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MonthlyVisitForm(forms.Form):
    community = forms.ModelChoiceField(label=_("ชุมชน"), queryset=TourismCommunity.objects.none())
    month = forms.DateField(label=_("เดือน"), input_formats=["%Y-%m", "%Y-%m-%d"],
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
    visitors_thai = forms.IntegerField(label=_("นักท่องเที่ยวชาวไทย (คน)"), min_value=0)
    visitors_foreign = forms.IntegerField(label=_("นักท่องเที่ยวชาวต่างชาติ (คน)"), min_value=0)
    income = forms.DecimalField(label=_("รายได้จากการท่องเที่ยว (บาท)"), min_value=0, max_digits=12,
                                decimal_places=2)
    note = forms.CharField(label=_("หมายเหตุ"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is not None:
            self.fields["community"].queryset = communities
