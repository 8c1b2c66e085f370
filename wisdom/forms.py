from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import permissions
from core.forms import SubdistrictChoiceField
from core.models import ProducerGroup, Subdistrict
from core.uploads import validate_image_file, validate_pdf_file
from core.widgets import ThaiDateField, ThaiDateWidget
from core.widgets_map import MapPointWidget

from .choices import ConsentScope
from .models import KnowledgeHolder, WisdomRecord
from .video import parse_video_url

MAX_FILES = 10


def thai_length_messages(form) -> None:
    """Thai "too long" messages on every text field of a form (Django's are English)."""
    from .models import THAI_MAX_LENGTH

    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            field.error_messages["max_length"] = THAI_MAX_LENGTH


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type="file" multiple>; each is validated."""

    def __init__(self, *args, file_validator=None, accept="", **kwargs):
        self.file_validator = file_validator
        attrs = {"multiple": True, **({"accept": accept} if accept else {})}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise ValidationError(_("อัปโหลดได้ครั้งละไม่เกิน %(n)s ไฟล์") % {"n": MAX_FILES})
        cleaned, errors = [], []
        for f in files:
            try:
                f = super().clean(f, initial)
                if self.file_validator:
                    self.file_validator(f)
                cleaned.append(f)
            except ValidationError as exc:
                errors.extend(f"{getattr(f, 'name', '')}: {m}" for m in exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


RECORD_FORM_FIELDS = [
    "title_th", "title_en", "category", "subdistrict", "village_no", "community_name", "community_name_en",
    "owner_group", "access_level", "summary", "summary_en", "description", "description_en", "background", "materials", "sustainability_note",
    "transmission", "learners_count", "threats", "safeguarding_measures", "customary_restrictions",
    "compiled_by", "compiled_place", "compiled_on", "lat", "lng",
]


class WisdomRecordForm(forms.ModelForm):
    """The producers' (and staff's) submission form: the record, its steps and its media."""

    subdistrict = SubdistrictChoiceField(
        queryset=Subdistrict.objects.filter(district__province_id="15").select_related("district"),
        label=_("ตำบล"), error_messages={"invalid_choice": _("ไม่พบตำบลนี้ในจังหวัดอ่างทอง")})
    steps_text = forms.CharField(
        label=_("ขั้นตอน (บรรทัดละหนึ่งขั้นตอน ตามลำดับ)"), required=False, max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}))
    photos = MultipleFileField(label=_("ภาพถ่าย (เลือกได้หลายภาพ)"), file_validator=validate_image_file, accept="image/*",
                               help_text=_("JPG, PNG, WEBP หรือ GIF ระบบจะลบข้อมูลตำแหน่ง (EXIF) ออกจากภาพที่เผยแพร่"))
    video_urls = forms.CharField(
        label=_("ลิงก์วิดีโอ YouTube/Facebook (บรรทัดละหนึ่งลิงก์)"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}))
    documents = MultipleFileField(label=_("เอกสาร PDF"), file_validator=validate_pdf_file,
                                  accept="application/pdf")

    class Meta:
        model = WisdomRecord
        fields = RECORD_FORM_FIELDS
        field_classes = {"compiled_on": ThaiDateField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "background": forms.Textarea(attrs={"rows": 4}),
            "materials": forms.Textarea(attrs={"rows": 3}),
            "sustainability_note": forms.Textarea(attrs={"rows": 3}),
            "transmission": forms.Textarea(attrs={"rows": 3}),
            "threats": forms.Textarea(attrs={"rows": 3}),
            "safeguarding_measures": forms.Textarea(attrs={"rows": 3}),
            "customary_restrictions": forms.Textarea(attrs={"rows": 3}),
            "compiled_on": ThaiDateWidget(past_years=60, future_years=0),
            "lng": MapPointWidget(),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        thai_length_messages(self)
        self.user = user
        groups = ProducerGroup.objects.all() if permissions.is_staff_user(user) \
            else ProducerGroup.objects.filter(pk__in=permissions.producer_group_ids(user))
        self.fields["owner_group"].queryset = groups
        self.fields["owner_group"].error_messages["invalid_choice"] = _("เลือกได้เฉพาะกลุ่มที่คุณเป็นสมาชิก")
        if self.instance.pk:
            self.fields["steps_text"].initial = "\n".join(s.text for s in self.instance.steps.all())
            self.fields["remove_photos"] = forms.ModelMultipleChoiceField(
                queryset=self.instance.photos.all(), required=False, widget=forms.CheckboxSelectMultiple,
                label=_("ลบภาพ"))

    def clean_video_urls(self):
        urls = [u.strip() for u in self.cleaned_data["video_urls"].splitlines() if u.strip()]
        errors = []
        for url in urls:
            try:
                parse_video_url(url)
            except ValidationError as exc:
                errors.extend(f"{url[:80]}: {m}" for m in exc.messages)
        if errors:
            raise ValidationError(errors)
        return urls

    def clean_steps_text(self):
        steps = [s.strip() for s in self.cleaned_data["steps_text"].splitlines() if s.strip()]
        if any(len(s) > 2000 for s in steps):
            raise ValidationError(_("แต่ละขั้นตอนยาวได้ไม่เกิน 2,000 ตัวอักษร"))
        return steps

    # The form in five steps (what, who holds it, how it is made, media, protection). Every step posts the
    # whole form and saves the draft through the services; the holders' formset is shown in the "holders" step.
    STEPS = (
        ("what", _("ภูมิปัญญานี้คืออะไร"), ("title_th", "title_en", "category", "summary", "summary_en",
                                            "description", "description_en", "background", "subdistrict",
                                            "village_no", "community_name", "community_name_en",
                                            "owner_group", "access_level", "lat", "lng")),
        ("holders", _("ใครเป็นผู้ถือครอง"), ("transmission", "learners_count")),
        ("how", _("ทำอย่างไร"), ("steps_text", "materials", "sustainability_note")),
        ("media", _("ภาพ วิดีโอ และเอกสาร"), ("photos", "remove_photos", "video_urls", "documents")),
        ("protection", _("การคุ้มครองและสงวนรักษา"), ("threats", "safeguarding_measures", "customary_restrictions",
                                                     "compiled_by", "compiled_place", "compiled_on")),
    )
    STEP_KEYS = tuple(key for key, _title, _names in STEPS)

    def steps(self):
        """The steps with their bound fields and whether any of them has an error (short steps read better
        on a phone than 36 fields on one page)."""
        out = []
        for number, (key, title, names) in enumerate(self.STEPS, start=1):
            fields = [self[name] for name in names if name in self.fields]
            out.append({"key": key, "number": number, "title": title, "fields": fields,
                        "has_errors": any(f.errors for f in fields)})
        for step, following in zip(out, [*out[1:], None], strict=True):
            step["next"] = following
        return out

    @classmethod
    def next_step(cls, key: str) -> str | None:
        """The step after ``key``; None after the last one or for an unknown key."""
        if key not in cls.STEP_KEYS:
            return None
        index = cls.STEP_KEYS.index(key) + 1
        return cls.STEP_KEYS[index] if index < len(cls.STEP_KEYS) else None

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data[name] for name in RECORD_FORM_FIELDS}
        data.update(steps=self.cleaned_data["steps_text"], photos=self.cleaned_data["photos"],
                    video_urls=self.cleaned_data["video_urls"], documents=self.cleaned_data["documents"])
        if "remove_photos" in self.cleaned_data:
            data["remove_media"] = list(self.cleaned_data["remove_photos"])
        return data


# A tuple: inline formsets append the foreign key to a list of fields.
HOLDER_FIELDS = ("name", "age", "birth_year", "role", "contact")


class KnowledgeHolderForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        thai_length_messages(self)

    class Meta:
        model = KnowledgeHolder
        fields = list(HOLDER_FIELDS)


class BaseHolderFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("ลบปราชญ์ชาวบ้านคนนี้")


HolderFormSet = forms.inlineformset_factory(
    WisdomRecord, KnowledgeHolder, form=KnowledgeHolderForm, formset=BaseHolderFormSet,
    fields=list(HOLDER_FIELDS), extra=1, can_delete=True, max_num=20)


class SendBackForm(forms.Form):
    comment = forms.CharField(label=_("ความเห็น (จำเป็นเมื่อส่งกลับไปแก้ไข)"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class ConsentForm(forms.Form):
    """Record one change of a holder's consent to one scope: give it, withdraw it, or give it again."""

    GRANT, WITHDRAW, RESTORE = "grant", "withdraw", "restore"
    action = forms.ChoiceField(label=_("บันทึก"), choices=[
        (GRANT, _("ให้ความยินยอม")), (WITHDRAW, _("ถอนความยินยอม")), (RESTORE, _("ให้ความยินยอมอีกครั้ง"))])
    scope = forms.ChoiceField(label=_("ขอบเขตความยินยอม"), choices=ConsentScope.choices)
    on = ThaiDateField(label=_("วันที่"), past_years=30, future_years=0)
    witness = forms.CharField(label=_("พยาน"), max_length=200, required=False,
                              help_text=_("จำเป็นเมื่อผู้บันทึกไม่ใช่เจ้าหน้าที่"))
    form = forms.FileField(label=_("แบบฟอร์มความยินยอมที่ลงนามแล้ว (PDF/รูปภาพ)"), required=False,
                           help_text=_("จำเป็นเมื่อให้ความยินยอม"))
    note = forms.CharField(label=_("หมายเหตุ"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
