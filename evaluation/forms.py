import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import District, ProducerGroup
from core.thai_dates import format_month
from core.widgets import FiscalYearSelect, ThaiDateField
from tourism import selectors as tourism_selectors

from .choices import IncomeSource
from .models import Finding, ImprovementAction


def recent_months(count: int = 24) -> list[dt.date]:
    month = timezone.localdate().replace(day=1)
    months = []
    for _i in range(count):
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return months


class IncomeForm(forms.Form):
    unit = forms.ChoiceField(label=_("กลุ่ม/ชุมชน"))
    month = forms.ChoiceField(label=_("เดือน"))
    source = forms.ChoiceField(label=_("แหล่งรายได้"), choices=IncomeSource.choices)
    amount = forms.DecimalField(label=_("รายได้ (บาท)"), min_value=0, max_digits=14, decimal_places=2,
                                error_messages={"min_value": _("รายได้ต้องไม่ติดลบ")})
    # What the user saw as the current amount of that unit, month and source ("" = none recorded):
    # if someone else recorded it meanwhile, the form shows the new value instead of overwriting it.
    if_current = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, units, **kwargs):
        """``units``: the choices of ``selectors.units_answered_by(user=…).choices()``."""
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units
        months = recent_months()
        self.fields["month"].choices = [(f"{m:%Y-%m}", format_month(m)) for m in months]
        self.fields["month"].initial = f"{months[1]:%Y-%m}"  # usually last month's income is recorded

    def clean_unit(self):
        value = self.cleaned_data["unit"]
        kind, _sep, pk = value.partition(":")
        if kind == "pg":
            return {"producer_group": ProducerGroup.objects.get(pk=pk)}
        return {"tourism_community": tourism_selectors.communities().get(pk=pk)}


class FindingForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["title", "detail"]
        widgets = {"detail": forms.Textarea(attrs={"rows": 3})}


class ActionForm(forms.ModelForm):
    class Meta:
        model = ImprovementAction
        fields = ["finding", "what", "owner", "due_date", "producer_group", "tourism_community", "product",
                  "program", "development_issue"]
        field_classes = {"due_date": ThaiDateField}

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = report.findings.all()


class ProductSalesForm(forms.Form):
    """A month's product sales split by product: an amount (and optional quantity) per product of the group."""

    def __init__(self, *args, products, sales, **kwargs):
        super().__init__(*args, **kwargs)
        self.products = list(products)
        current = {s.product_id: s for s in sales}
        for product in self.products:
            sale = current.get(product.pk)
            self.fields[f"amount_{product.pk}"] = forms.DecimalField(
                label=product.name_th, required=False, min_value=0, max_digits=14, decimal_places=2,
                initial=sale.amount if sale else None, error_messages={"min_value": _("ยอดขายต้องไม่ติดลบ")})
            self.fields[f"quantity_{product.pk}"] = forms.IntegerField(
                label=_("จำนวน (ชิ้น)"), required=False, min_value=0, initial=sale.quantity if sale else None,
                error_messages={"min_value": _("จำนวนที่ขายต้องไม่ติดลบ")})

    def rows(self):
        """(product, amount field, quantity field) for the template."""
        return [(p, self[f"amount_{p.pk}"], self[f"quantity_{p.pk}"]) for p in self.products]

    def lines(self) -> list[dict]:
        lines = []
        for product in self.products:
            amount = self.cleaned_data.get(f"amount_{product.pk}")
            if amount is None:
                continue
            lines.append({"product": product, "amount": amount,
                          "quantity": self.cleaned_data.get(f"quantity_{product.pk}")})
        return lines


class ProductSalesImportForm(forms.Form):
    file = forms.FileField(label=_("ไฟล์ยอดขาย (xlsx หรือ csv)"),
                           help_text=_("คอลัมน์: group (รหัสกลุ่ม), month (เช่น 2026-09), product (รหัสผลิตภัณฑ์), "
                                       "amount (บาท), quantity (ไม่บังคับ)"))

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self):
        import tablib

        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("ไฟล์ใหญ่เกินไป (สูงสุด 2 MB)"))
        name = upload.name.lower()
        raw = upload.read()
        try:
            if name.endswith(".xlsx"):
                data = tablib.Dataset().load(raw, format="xlsx")
            elif name.endswith(".csv"):
                data = tablib.Dataset().load(raw.decode("utf-8-sig"), format="csv")
            else:
                raise forms.ValidationError(_("รองรับเฉพาะไฟล์ xlsx หรือ csv"))
        except forms.ValidationError:
            raise
        except Exception as exc:  # a broken spreadsheet is the user's error, not a 500
            raise forms.ValidationError(_("อ่านไฟล์ไม่ได้ กรุณาตรวจสอบรูปแบบไฟล์")) from exc
        headers = [str(h or "").strip().lower() for h in (data.headers or [])]
        missing = {"group", "month", "product", "amount"} - set(headers)
        if missing:
            raise forms.ValidationError(_("ไฟล์ไม่มีคอลัมน์: %(c)s") % {"c": ", ".join(sorted(missing))})
        rows = [dict(zip(headers, row, strict=False)) for row in data]
        if not rows:
            raise forms.ValidationError(_("ไฟล์ไม่มีข้อมูล"))
        return rows


class _CascadedTargetForm(forms.Form):
    """A district or unit target: the year, the percentage and the reason (required)."""

    fiscal_year = forms.IntegerField(label=_("ปีงบประมาณ (พ.ศ.)"), min_value=2500, max_value=2700,
                                     widget=FiscalYearSelect())
    target_percent = forms.DecimalField(label=_("เป้าหมายรายได้เพิ่มขึ้น (ร้อยละ)"), max_digits=7, decimal_places=2)
    reason = forms.CharField(label=_("เหตุผลที่กำหนดเป้าหมายนี้"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("บันทึกไว้ในประวัติและในรายงานที่ใช้เป้าหมายนี้"))


class DistrictTargetForm(_CascadedTargetForm):
    field_order = ["fiscal_year", "district", "target_percent", "reason"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_district_%s")  # on one page with the unit form
        super().__init__(*args, **kwargs)
    district = forms.ModelChoiceField(label=_("อำเภอ"), queryset=District.objects.filter(province_id="15"),
                                      to_field_name="code")


class UnitTargetForm(_CascadedTargetForm):
    field_order = ["fiscal_year", "unit", "target_percent", "reason"]
    unit = forms.ChoiceField(label=_("กลุ่ม/ชุมชน"))

    def __init__(self, *args, units, **kwargs):
        """``units``: the choices of ``selectors.units_answered_by(user=…).choices()``."""
        kwargs.setdefault("auto_id", "id_unit_%s")  # on one page with the district form
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units

    def clean_unit(self):
        return IncomeForm.clean_unit(self)  # type: ignore[arg-type]


class TargetYearForm(forms.Form):
    """The fiscal year whose targets the targets page shows."""

    fiscal_year = forms.IntegerField(label=_("ปีงบประมาณ (พ.ศ.)"), min_value=2500, max_value=2700,
                                     widget=FiscalYearSelect())
