"""Staff pages that manage resellers, the programs opened to them and their API keys."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache

from core.forms import add_service_errors
from core.permissions import StaffRequiredMixin

from ..choices import PublishStatus
from ..models import Program, Reseller, ResellerKey
from . import services


class ResellerForm(forms.ModelForm):
    programs = forms.ModelMultipleChoiceField(
        queryset=Program.objects.filter(status=PublishStatus.PUBLISHED)
        .select_related("community")
        .order_by("community__name_th", "title_th"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("โปรแกรมที่เปิดให้ขาย"),
    )

    class Meta:
        model = Reseller
        fields = ["name", "contact_name", "contact_email", "contact_phone", "website", "active", "programs"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programs"].label_from_instance = lambda p: f"{p.title_th} ({p.community.name_th})"


class KeyForm(forms.Form):
    label = forms.CharField(
        label=gettext_lazy("ชื่อกุญแจ (เช่น ระบบจริง / ระบบทดสอบ)"), max_length=100, required=False
    )


def _save(request, form, reseller=None):
    data = dict(form.cleaned_data)
    try:
        if reseller is None:
            return services.reseller_create(actor=request.user, **data)
        return services.reseller_update(actor=request.user, reseller=reseller, **data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


class ResellerListView(StaffRequiredMixin, View):
    template_name = "tourism/manage/resellers.html"

    def render_page(self, form, status=200):
        resellers = Reseller.objects.visible_to(self.request.user).annotate(
            program_count=Count("programs", distinct=True),
            key_count=Count("keys", filter=Q(keys__revoked_at__isnull=True), distinct=True),
            booking_count=Count("bookings", distinct=True),
        )
        return render(self.request, self.template_name, {"resellers": resellers, "form": form}, status=status)

    def get(self, request):
        return self.render_page(ResellerForm())

    def post(self, request):
        form = ResellerForm(request.POST)
        if form.is_valid() and (reseller := _save(request, form)) is not None:
            messages.success(request, _("เพิ่มตัวแทนจำหน่ายแล้ว สร้างกุญแจ API ให้ได้ที่หน้านี้"))
            return redirect("tourism:manage_reseller", pk=reseller.pk)
        return self.render_page(form, status=400)


@method_decorator(never_cache, name="dispatch")
class ResellerDetailView(StaffRequiredMixin, View):
    """Edit a reseller; create a key (shown on this response only, never again) or revoke one."""

    template_name = "tourism/manage/reseller_detail.html"

    def get_reseller(self):
        return get_object_or_404(Reseller.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def render_page(self, reseller, form=None, key_form=None, new_key=None, status=200):
        keys = reseller.keys.select_related("created_by", "revoked_by")
        bookings = reseller.bookings.select_related("program").order_by("-created_at")[:20]
        return render(
            self.request,
            self.template_name,
            {
                "reseller": reseller,
                "form": form or ResellerForm(instance=reseller),
                "keys": keys,
                "key_form": key_form or KeyForm(),
                "new_key": new_key,
                "bookings": bookings,
            },
            status=status,
        )

    def get(self, request, pk):
        return self.render_page(self.get_reseller())

    def post(self, request, pk):
        reseller = self.get_reseller()
        action = request.POST.get("action")
        if action == "create_key":
            key_form = KeyForm(request.POST)
            if key_form.is_valid():
                _key, raw = services.reseller_key_create(
                    actor=request.user, reseller=reseller, label=key_form.cleaned_data["label"]
                )
                return self.render_page(reseller, new_key=raw)
            return self.render_page(reseller, key_form=key_form, status=400)
        if action == "revoke_key":
            key = get_object_or_404(
                ResellerKey.objects.filter(reseller=reseller),
                pk=request.POST.get("key") if str(request.POST.get("key", "")).isdigit() else 0,
            )
            services.reseller_key_revoke(actor=request.user, key=key)
            messages.success(request, _("เพิกถอนกุญแจ %(prefix)s… แล้ว") % {"prefix": key.prefix})
            return redirect("tourism:manage_reseller", pk=reseller.pk)
        form = ResellerForm(request.POST, instance=reseller)
        if form.is_valid() and _save(request, form, reseller) is not None:
            messages.success(request, _("บันทึกแล้ว"))
            return redirect("tourism:manage_reseller", pk=reseller.pk)
        return self.render_page(reseller, form=form, status=400)
