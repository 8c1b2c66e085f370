from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import validate_image_file
from core.widgets import ThaiDateField, ThaiMonthField
from core.widgets_map import MapPointWidget
from products.selectors import products_visible_to
from wisdom.selectors import records_visible_to

from .choices import Language, Weekday
from .models import Activity, Program, TourismCommunity
from .validators import normalise_thai_phone


class BookingForm(forms.Form):
    """The tourist's booking request. The rules are checked by services.booking_create."""

    date = ThaiDateField(label=_("วันที่เดินทาง"), past_years=0, future_years=2)
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
    source_code = forms.CharField(label=_("ได้รับรหัสจากงานแสดงสินค้า?"), max_length=20, required=False,
                                  widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
                                  help_text=_("ถ้ามีรหัสบนการ์ดหรือฉลาก เช่น AT-FAIR-24 กรอกที่นี่ (ไม่บังคับ)"))

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("line_id") or data.get("email")) and not self.errors.get("email"):
            raise forms.ValidationError(_("กรุณาระบุช่องทางติดต่ออย่างน้อยหนึ่งช่องทาง (โทรศัพท์ LINE ID หรืออีเมล)"))
        return data


class PriceCalculatorForm(forms.Form):
    people = forms.IntegerField(label=_("จำนวนคน"), min_value=1, max_value=500)


CONTACT_HELP = _("เลข 4 ตัวท้ายของเบอร์โทรศัพท์ หรืออีเมลที่ใช้จอง เพื่อแสดงชื่อและช่องทางติดต่อของผู้จอง")


class BookingCodeForm(forms.Form):
    """The lookup form: the code opens the status page; with the contact proof, the details too."""

    code = forms.CharField(label=_("รหัสการจอง"), max_length=12)
    contact = forms.CharField(label=_("เลข 4 ตัวท้ายของโทรศัพท์ หรืออีเมล (ไม่บังคับ)"), max_length=254,
                              required=False, help_text=CONTACT_HELP,
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))


class BookingContactForm(forms.Form):
    """The status page's proof of contact: the phone's last 4 digits or the booking's e-mail."""

    contact = forms.CharField(label=_("เลข 4 ตัวท้ายของโทรศัพท์ หรืออีเมลที่ใช้จอง"), max_length=254,
                              help_text=CONTACT_HELP, widget=forms.TextInput(attrs={"autocomplete": "off"}),
                              error_messages={"required": _("กรุณากรอกเลข 4 ตัวท้ายของเบอร์โทรศัพท์หรืออีเมลที่ใช้จอง")})


class ConfirmForm(forms.Form):
    note = forms.CharField(label=_("ข้อความถึงนักท่องเที่ยว"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("เหตุผลที่ปฏิเสธ"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("กรุณาระบุเหตุผลที่ปฏิเสธ เพื่อแจ้งนักท่องเที่ยว")})


class RescheduleForm(forms.Form):
    new_date = ThaiDateField(label=_("วันที่ใหม่"), past_years=0, future_years=2)
    note = forms.CharField(label=_("ข้อความถึงนักท่องเที่ยว"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MonthlyVisitForm(forms.Form):
    community = forms.ModelChoiceField(label=_("ชุมชน"), queryset=TourismCommunity.objects.none())
    month = ThaiMonthField(label=_("เดือน"))
    visitors_thai = forms.IntegerField(label=_("นักท่องเที่ยวชาวไทย (คน)"), min_value=0)
    visitors_foreign = forms.IntegerField(label=_("นักท่องเที่ยวชาวต่างชาติ (คน)"), min_value=0)
    income = forms.DecimalField(label=_("รายได้จากการท่องเที่ยว (บาท)"), min_value=0, max_digits=12,
                                decimal_places=2)
    note = forms.CharField(label=_("หมายเหตุ"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is not None:
            self.fields["community"].queryset = communities


# --- Coordinators' forms ------------------------------------------------------------------


class CommunityForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(label=_("ภาษาที่สื่อสารได้"), choices=Language.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = TourismCommunity
        fields = ["name_en", "story", "story_en", "address", "address_en", "lat", "lng", "contact_name", "contact_phone", "contact_line_id",
                  "contact_email", "has_parking", "has_toilets", "wheelchair_access", "has_homestay", "languages",
                  "safety_briefing", "prices_agreed", "toilets_parking_noted"]
        widgets = {"story": forms.Textarea(attrs={"rows": 6}), "story_en": forms.Textarea(attrs={"rows": 4}),
                   "lng": MapPointWidget()}

    def clean_contact_phone(self):
        value = self.cleaned_data.get("contact_phone", "")
        return normalise_thai_phone(value) if value else value


class CommunityPhotoForm(forms.Form):
    image = forms.ImageField(label=_("รูปภาพ"), validators=[validate_image_file])
    caption = forms.CharField(label=_("คำบรรยายภาพ"), max_length=200, required=False)


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["title_th", "title_en", "activity_type", "description", "description_en", "duration_minutes", "price_per_person",
                  "min_group_size", "max_group_size", "products", "wisdom_records"]
        widgets = {"products": forms.CheckboxSelectMultiple, "wisdom_records": forms.CheckboxSelectMultiple,
                   "description": forms.Textarea(attrs={"rows": 3}),
                   "description_en": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, community=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        groups = community.producer_groups.all() if community is not None else []
        self.fields["products"].queryset = products_visible_to(user=user).filter(group__in=groups)
        records = records_visible_to(user=user)
        self.fields["wisdom_records"].queryset = records.filter(pk__in=community.wisdom_records.all()) \
            if community is not None else records.none()
        self.fields["products"].required = False
        self.fields["wisdom_records"].required = False


class ProgramForm(forms.ModelForm):
    available_weekdays = forms.TypedMultipleChoiceField(
        label=_("วันที่เปิดรับ"), choices=Weekday.choices, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("ไม่เลือก = เปิดทุกวัน"))

    class Meta:
        model = Program
        fields = ["title_th", "title_en", "duration", "summary", "summary_en", "price_per_person", "included",
                  "included_en",
                  "available_weekdays", "season_start", "season_end", "min_group_size", "max_group_size",
                  "daily_capacity"]
        field_classes = {"season_start": ThaiDateField, "season_end": ThaiDateField}
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "included": forms.Textarea(attrs={"rows": 3}),
                   "summary_en": forms.Textarea(attrs={"rows": 3}), "included_en": forms.Textarea(attrs={"rows": 3})}


class ProgramItemForm(forms.Form):
    day = forms.TypedChoiceField(label=_("วันที่"), choices=[(1, "1"), (2, "2")], coerce=int, initial=1)
    start_time = forms.TimeField(label=_("เริ่ม"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("สิ้นสุด"), required=False,
                               widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    activity = forms.ModelChoiceField(label=_("กิจกรรม"), queryset=Activity.objects.none())
    note = forms.CharField(label=_("หมายเหตุ"), max_length=200, required=False)
    note_en = forms.CharField(label=_("หมายเหตุ (อังกฤษ)"), max_length=200, required=False)

    def __init__(self, *args, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if activities is not None:
            self.fields["activity"].queryset = activities

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("เวลาสิ้นสุดต้องหลังเวลาเริ่ม"))
        return data


ProgramItemFormSet = forms.formset_factory(ProgramItemForm, extra=2, can_delete=True)
