from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import ThaiDateField

from .choices import Expertise, KnowledgeKind
from .models import ExpertProfile, MentoringSession


class PublicRegistrationForm(forms.Form):
    """Registration without an account (public events): a name and an e-mail or phone."""

    name = forms.CharField(label=_("ชื่อ-นามสกุล"), max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label=_("เบอร์โทรศัพท์มือถือ"), max_length=40, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel",
                                                          "autocomplete": "tel", "placeholder": "0812345678"}))
    email = forms.EmailField(label=_("อีเมล"), required=False,
                             help_text=_("สำหรับรับอีเมลยืนยันและลิงก์เข้าร่วม (กิจกรรมออนไลน์)"),
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}))

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email"):
            raise forms.ValidationError(_("กรุณากรอกอีเมลหรือเบอร์โทรศัพท์อย่างน้อยหนึ่งช่องทาง"))
        return data


class MemberRegistrationForm(forms.Form):
    """A logged-in member confirms; the contact comes from the account unless given here."""

    phone = forms.CharField(label=_("เบอร์โทรศัพท์ที่ติดต่อได้"), max_length=40, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(label=_("อีเมล"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class QuestionForm(forms.Form):
    topic = forms.ChoiceField(label=_("หัวข้อ"), choices=Expertise.choices)
    title = forms.CharField(label=_("คำถาม"), max_length=200)
    body = forms.CharField(label=_("รายละเอียด"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class AnswerForm(forms.Form):
    body = forms.CharField(label=_("คำตอบของคุณ"), widget=forms.Textarea(attrs={"rows": 4}))


class SessionForm(forms.ModelForm):
    class Meta:
        model = MentoringSession
        fields = ["date", "covered", "next_step"]
        field_classes = {"date": ThaiDateField}
        widgets = {"covered": forms.Textarea(attrs={"rows": 3}), "next_step": forms.Textarea(attrs={"rows": 2})}


class KnowledgeForm(forms.Form):
    """A member shares knowledge: saved as a draft, optionally sent straight to staff review."""

    title = forms.CharField(label=_("ชื่อเรื่อง"), max_length=200)
    kind = forms.ChoiceField(label=_("ประเภท"), choices=KnowledgeKind.choices)
    title_en = forms.CharField(label=_("ชื่อเรื่อง (อังกฤษ)"), max_length=200, required=False)
    summary = forms.CharField(label=_("สรุปย่อ"), max_length=400, required=False)
    summary_en = forms.CharField(label=_("สรุปย่อ (อังกฤษ)"), max_length=400, required=False)
    body = forms.CharField(label=_("เนื้อหา"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    tags = forms.CharField(label=_("แท็ก"), required=False, help_text=_("คั่นด้วยจุลภาค เช่น จักสาน, ไม้ไผ่"))
    video_url = forms.URLField(label=_("ลิงก์วิดีโอ"), required=False, assume_scheme="https")
    figure_label = forms.CharField(label=_("ตัวชี้วัด (กรณีศึกษา)"), max_length=120, required=False)
    figure_unit = forms.CharField(label=_("หน่วย"), max_length=40, required=False)
    figure_before = forms.DecimalField(label=_("ค่าก่อนพัฒนา"), required=False, max_digits=14, decimal_places=2)
    figure_after = forms.DecimalField(label=_("ค่าหลังพัฒนา"), required=False, max_digits=14, decimal_places=2)
    submit_for_review = forms.BooleanField(label=_("ส่งให้เจ้าหน้าที่ตรวจเพื่อเผยแพร่ทันที"), required=False,
                                           initial=True)


class ExpertProfileForm(forms.ModelForm):
    """An expert keeps their own profile up to date."""

    expertise = forms.MultipleChoiceField(label=_("ความเชี่ยวชาญ"), choices=Expertise.choices,
                                          widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ExpertProfile
        fields = ["title", "organisation", "expertise", "bio", "districts_served", "languages",
                  "contact_preference", "email", "phone", "line_id", "visibility"]
        widgets = {"districts_served": forms.CheckboxSelectMultiple, "bio": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts_served"].queryset = self.fields["districts_served"].queryset.filter(
            province_id="15")
