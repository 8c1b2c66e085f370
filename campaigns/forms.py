from django import forms
from django.utils.translation import gettext_lazy as _

from core import permissions
from core.models import PartnerOrganisation, ProducerGroup
from core.widgets import ThaiDateField
from products import selectors as products_selectors
from tourism import selectors as tourism_selectors

from .choices import Channel, CommentKind, IssueAction
from .models import (
    Campaign,
    CampaignPost,
    DevelopmentIssue,
    IssueAttachment,
    Support,
    TrackedLink,
    validate_attachment,
)


class IssueForm(forms.ModelForm):
    """Raise (or edit) an issue; a producer chooses only among their groups and what they may see."""

    attachment = forms.FileField(label=_("ไฟล์แนบ (รูปภาพหรือ PDF)"), required=False,
                                 validators=[validate_attachment])

    class Meta:
        model = DevelopmentIssue
        fields = ["title", "category", "priority", "group", "product", "project", "community", "description"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = ProducerGroup.objects.editable_by(user)
        if permissions.is_producer(user):
            self.fields["group"].required = True
            groups = permissions.producer_group_ids(user)
            self.fields["product"].queryset = products_selectors.products_visible_to(user=user).filter(
                group_id__in=groups)
        else:
            self.fields["product"].queryset = products_selectors.products_visible_to(user=user).select_related(
                "group")
        self.fields["project"].queryset = products_selectors.projects_visible_to(user=user)
        self.fields["community"].queryset = tourism_selectors.communities_visible_to(user=user)
        if self.instance.pk:
            del self.fields["attachment"]


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=IssueAction.choices, widget=forms.HiddenInput)
    partners = forms.ModelMultipleChoiceField(queryset=PartnerOrganisation.objects.all(), required=False,
                                              label=_("ภาคีเครือข่าย"), widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("หมายเหตุ"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=2000)


class CommentForm(forms.Form):
    kind = forms.ChoiceField(choices=CommentKind.choices, label=_("ประเภท"), initial=CommentKind.COMMENT)
    body = forms.CharField(label=_("ข้อความ"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = IssueAttachment
        fields = ["file", "caption"]


class SupportForm(forms.ModelForm):
    class Meta:
        model = Support
        fields = ["partner", "kind", "title", "date", "value", "group", "project", "community", "issue",
                  "description", "outcome"]
        field_classes = {"date": ThaiDateField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not permissions.is_staff_user(user):
            del self.fields["partner"]
        projects = products_selectors.projects_visible_to(user=permissions.SYSTEM)
        self.fields["project"].queryset = products_selectors.projects_visible_to(user=user) \
            if permissions.is_staff_user(user) else projects.filter(
                pk__in=DevelopmentIssue.objects.visible_to(user).values("project"))
        self.fields["community"].queryset = tourism_selectors.communities_visible_to(user=user)
        self.fields["issue"].queryset = DevelopmentIssue.objects.visible_to(user)


class CsvImportForm(forms.Form):
    file = forms.FileField(label=_("ไฟล์ CSV"),
                           help_text=_("คอลัมน์: channel, url, date, reach, impressions, engagement, clicks, "
                                       "video_views (UTF-8)"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("ไฟล์ใหญ่เกินไป (สูงสุด 2 MB)"))
        return f


class CampaignPostForm(forms.ModelForm):
    class Meta:
        model = CampaignPost
        fields = ["channel", "url", "posted_on", "reach", "impressions", "engagement", "clicks", "video_views"]
        field_classes = {"posted_on": ThaiDateField}


class TrackedLinkForm(forms.ModelForm):
    class Meta:
        model = TrackedLink
        fields = ["channel", "label", "target", "code", "human_code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = _("เว้นว่างเพื่อสร้างรหัสอัตโนมัติ")

    def clean_human_code(self):
        # Typed in any case ("at-fair-24"): the service stores it upper-case.
        return "".join((self.cleaned_data.get("human_code") or "").split()).upper()


class AttributedSaleForm(forms.Form):
    """A producer credits a sale to a campaign code; the rules are in services.sale_record."""

    code = forms.CharField(label=_("รหัสจากการ์ดหรือฉลาก"), max_length=20,
                           help_text=_("เช่น AT-FAIR-24 ที่ลูกค้าแสดงหรือแจ้ง"),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}))
    group = forms.ModelChoiceField(label=_("กลุ่มผู้ผลิต"), queryset=ProducerGroup.objects.none())
    product = forms.ModelChoiceField(
        label=_("ผลิตภัณฑ์"), queryset=None, required=False,
        help_text=_("ถ้ากลุ่มบันทึกยอดขายรายผลิตภัณฑ์ของเดือนที่ขายไว้แล้ว ยอดขายนี้จะนับเป็นส่วนหนึ่งของยอดนั้น "
                    "และรวมกันต้องไม่เกินยอดนั้น"))
    sold_on = ThaiDateField(label=_("วันที่ขาย"))
    amount = forms.DecimalField(label=_("ยอดขาย (บาท)"), max_digits=12, decimal_places=2, min_value=0)
    note = forms.CharField(label=_("หมายเหตุ"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        groups = ProducerGroup.objects.all() if permissions.is_staff_user(user) else \
            ProducerGroup.objects.filter(pk__in=permissions.producer_group_ids(user))
        self.fields["group"].queryset = groups.order_by("name_th")
        self.fields["product"].queryset = products_selectors.products_visible_to(user=user).filter(
            group__in=groups).order_by("name_th")


class CampaignForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(choices=Channel.choices, required=False, label=_("ช่องทาง"),
                                         widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Campaign
        fields = ["name", "goal", "starts_on", "ends_on", "audience", "channels", "budget", "featured_products",
                  "featured_programs", "featured_wisdom", "featured_events", "owner"]
        field_classes = {"starts_on": ThaiDateField, "ends_on": ThaiDateField}
