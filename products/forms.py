from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.models import ProducerGroup
from core.uploads import validate_image_file
from core.widgets import FiscalYearSelect, ThaiDateField

from . import selectors
from .choices import MarketingSkill, Stage
from .models import Certification, DevelopmentProject, GroupMarketingSkill, Product, Quadrant, StageRecord


class ProductForm(forms.ModelForm):
    """What a producer edits about a product of their own group (mobile-friendly, Thai)."""

    class Meta:
        model = Product
        fields = ["group", "name_th", "name_en", "product_type", "price", "unit", "unit_en", "description",
                  "description_en", "story", "story_en",
                  "wisdom_records", "shop_address", "online_shop_url", "line_id", "facebook_url"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "story": forms.Textarea(attrs={"rows": 4}),
                   "description_en": forms.Textarea(attrs={"rows": 3}), "story_en": forms.Textarea(attrs={"rows": 3}),
                   "wisdom_records": forms.CheckboxSelectMultiple,
                   "price": forms.NumberInput(attrs={"min": 0, "step": "0.01", "inputmode": "decimal"})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = ProducerGroup.objects.editable_by(user)
        self.fields["wisdom_records"].queryset = selectors.wisdom_choices(user=user)
        self.fields["wisdom_records"].help_text = _(
            "ผลิตภัณฑ์ที่อ้างอิงภูมิปัญญาซึ่งปราชญ์ชาวบ้านยังไม่ยินยอม จะเผยแพร่ไม่ได้")


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("รูปภาพ (JPG, PNG, WEBP)"),
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    caption = forms.CharField(label=_("คำบรรยายภาพ"), max_length=200, required=False)

    def clean_image(self):
        image = self.cleaned_data["image"]
        validate_image_file(image)
        return image


class CertificationForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["kind", "kind_other", "number", "issued_on", "expires_on"]
        field_classes = {"issued_on": ThaiDateField, "expires_on": ThaiDateField}


class ProjectForm(forms.ModelForm):
    class Meta:
        model = DevelopmentProject
        fields = ["group", "product", "title", "fiscal_year", "idea", "designer_name", "partner", "design_ideas",
                  "uses_packaging", "uses_production_technique", "uses_food_safety", "uses_digital_tools",
                  "technology_notes", "market_feedback", "trial_units_sold",
                  *(f"{f}_{w}" for f in DevelopmentProject.FIGURES for w in ("before", "after"))]
        widgets = {"fiscal_year": FiscalYearSelect(),
                   **{n: forms.Textarea(attrs={"rows": 3})
                      for n in ("idea", "design_ideas", "technology_notes", "market_feedback")}}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = ProducerGroup.objects.editable_by(user)
        self.fields["product"].queryset = Product.objects.editable_by(user).select_related("group")
        if self.instance.pk:
            self.fields["group"].disabled = True
        for name, field in self.fields.items():
            if name.endswith(("_before", "_after")):
                field.widget.attrs.update({"min": 0, "inputmode": "decimal"})

    def clean(self):
        data = super().clean()
        product = data.get("product")
        group = self.instance.group if self.instance.pk else data.get("group")
        if product and group and product.group_id != group.pk:
            raise ValidationError({"product": _("ผลิตภัณฑ์ต้องเป็นของกลุ่มเดียวกับโครงการ")})
        return data


class AssessmentForm(forms.Form):
    """Staff's segment assessment: one option per checklist part (radio buttons), notes, override."""

    fiscal_year = forms.IntegerField(label=_("ปีงบประมาณ (พ.ศ.)"), min_value=2545, max_value=2700,
                                     widget=FiscalYearSelect())
    notes = forms.CharField(label=_("บันทึก"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    override_quadrant = forms.ModelChoiceField(label=_("กำหนดกลุ่มเอง (ถ้ามี)"), required=False,
                                               queryset=Quadrant.objects.all())
    override_reason = forms.CharField(label=_("เหตุผลที่กำหนดกลุ่มเอง"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.part_fields = []
        for part in parts:
            name = f"part_{part.number}"
            self.fields[name] = forms.ModelChoiceField(queryset=part.options.all(), label=str(part),
                                                       widget=forms.RadioSelect, empty_label=None)
            self.part_fields.append(name)
        # show the five parts first
        self.order_fields([*self.part_fields, "fiscal_year", "notes", "override_quadrant", "override_reason"])

    def clean(self):
        data = super().clean()
        if data.get("override_quadrant") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", _("กรุณาระบุเหตุผลที่กำหนดกลุ่มเอง"))
        return data

    def answers(self):
        return [self.cleaned_data[n] for n in self.part_fields]


class StageRecordForm(forms.ModelForm):
    class Meta:
        model = StageRecord
        fields = ["target_date", "notes"]
        field_classes = {"target_date": ThaiDateField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("ไฟล์ (รูปภาพหรือ PDF)"))
    caption = forms.CharField(label=_("คำอธิบาย"), max_length=200, required=False)


class MoveStageForm(forms.Form):
    stage = forms.ChoiceField(label=_("เลื่อนไปขั้นตอน"), choices=Stage.choices)
    reason = forms.CharField(label=_("เหตุผล (จำเป็นเมื่อข้ามหรือย้อนขั้นตอน)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class MarketingSkillForm(forms.ModelForm):
    skill = forms.ChoiceField(label=_("ทักษะ"), choices=MarketingSkill.choices)

    class Meta:
        model = GroupMarketingSkill
        fields = ["skill", "achieved_on", "evidence_url", "training", "note"]
        field_classes = {"achieved_on": ThaiDateField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Trainings are network events: the network app offers them through the hook
        # products.training_choices (none registered: no choices).
        choices = selectors.training_choices(user=user)
        field = self.fields["training"]
        field.queryset = choices if choices is not None else field.queryset.none()

    def validate_unique(self):
        pass  # re-ticking an item updates its date (the service handles it)
