"""Pages of the benefit-sharing app (thin: selectors read, services write).

Staff manage agreements, compute the ledger now, record payments and see the province summary; the
party of an agreement (producer group members, community coordinators) reads its agreements; a
beneficiary with an account reads their own statement. What a user may not see is a 404."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import CreateView, FormView, ListView, TemplateView, UpdateView, View

from core import permissions
from core.formviews import ServiceFormMixin, changed_fields
from core.thai_dates import format_month

from . import selectors, services
from .filters import AgreementFilter
from .forms import AgreementForm, BeneficiaryForm, ComputeForm, PaymentForm
from .models import Agreement


class AgreementListView(LoginRequiredMixin, ListView):
    template_name = "benefits/agreement_list.html"
    context_object_name = "agreements"
    paginate_by = 30

    def get_queryset(self):
        self.filter = AgreementFilter(self.request.GET, queryset=selectors.agreement_list(user=self.request.user))
        return self.filter.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filter, is_staff=permissions.is_staff_user(self.request.user),
                                        my_statements=selectors.my_statements(user=self.request.user), **kwargs)


class AgreementCreateView(permissions.StaffRequiredMixin, ServiceFormMixin, CreateView):
    template_name = "benefits/agreement_form.html"
    form_class = AgreementForm
    success_message = _("บันทึกข้อตกลงแล้ว เพิ่มผู้รับประโยชน์ได้ที่หน้านี้")

    def perform(self, form):
        return services.agreement_create(actor=self.request.user, **form.cleaned_data)


class AgreementUpdateView(permissions.StaffRequiredMixin, ServiceFormMixin, UpdateView):
    template_name = "benefits/agreement_form.html"
    form_class = AgreementForm
    success_message = _("บันทึกการแก้ไขแล้ว")

    def get_object(self, queryset=None):
        return permissions.get_editable_or_denied(Agreement, self.request.user, pk=self.kwargs["pk"])

    def perform(self, form):
        return services.agreement_update(actor=self.request.user, agreement=self.object, **changed_fields(form))


class AgreementDetailView(LoginRequiredMixin, TemplateView):
    template_name = "benefits/agreement_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        agreement = selectors.agreement_detail(user=user, pk=self.kwargs["pk"])
        is_staff = permissions.is_staff_user(user)
        beneficiaries = agreement.visible_beneficiaries
        for b in beneficiaries:
            b.overdue = selectors.overdue_of(b)
        ctx = super().get_context_data(agreement=agreement, beneficiaries=beneficiaries, is_staff=is_staff,
                                       **kwargs)
        if is_staff:
            ctx.setdefault("beneficiary_form", BeneficiaryForm(agreement=agreement, prefix="b"))
            ctx.setdefault("compute_form", ComputeForm(prefix="c"))
        return ctx


class BeneficiaryAddView(permissions.StaffRequiredMixin, View):
    def post(self, request, pk):
        agreement = permissions.get_editable_or_denied(Agreement, request.user, pk=pk)
        form = BeneficiaryForm(request.POST, agreement=agreement, prefix="b")
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.beneficiary_add(actor=request.user, agreement=agreement, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("เพิ่มผู้รับประโยชน์แล้ว"))
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(agreement)


class BeneficiaryRemoveView(permissions.StaffRequiredMixin, View):
    def post(self, request, pk):
        beneficiary = selectors.beneficiary_visible(user=request.user, pk=pk)
        agreement = beneficiary.agreement
        try:
            with transaction.atomic():
                services.beneficiary_remove(actor=request.user, beneficiary=beneficiary)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("นำผู้รับประโยชน์ออกแล้ว"))
        return redirect(agreement)


class ComputeView(permissions.StaffRequiredMixin, View):
    """"Compute now" for staff: one agreement (from its page) or every agreement (from the summary)."""

    def post(self, request, pk=None):
        agreement = permissions.get_editable_or_denied(Agreement, request.user, pk=pk) if pk else None
        form = ComputeForm(request.POST, prefix="c")
        back = redirect(agreement) if agreement else redirect("benefits:summary")
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
            return back
        try:
            run = services.compute_ledger(actor=request.user, month=form.cleaned_data["month"],
                                          agreements=[agreement] if agreement else None)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return back
        messages.success(request, _("คำนวณเดือน%(m)s แล้ว: รายการค้างจ่ายใหม่ %(a)s รายการ ปรับปรุง %(j)s รายการ "
                                    "ไม่เปลี่ยนแปลง %(u)s รายการ") % {
            "m": format_month(run.month), "a": run.accruals, "j": run.adjustments, "u": run.unchanged})
        return back


class AgreementLedgerView(LoginRequiredMixin, TemplateView):
    """The statement per agreement: every ledger line the user may see, by month."""

    template_name = "benefits/agreement_ledger.html"

    def get_context_data(self, **kwargs):
        agreement = permissions.get_or_404(selectors.agreement_list(user=self.request.user), pk=self.kwargs["pk"])
        entries = list(selectors.agreement_ledger(user=self.request.user, agreement=agreement))
        total = sum((e.amount for e in entries), start=Decimal("0.00"))
        return super().get_context_data(agreement=agreement, entries=entries, total=total, **kwargs)


class StatementView(LoginRequiredMixin, TemplateView):
    """The statement of one beneficiary: entries and payments with the running balance."""

    template_name = "benefits/statement.html"

    def get_context_data(self, **kwargs):
        beneficiary = selectors.beneficiary_visible(user=self.request.user, pk=self.kwargs["pk"])
        return super().get_context_data(**_statement_context(beneficiary),
                                        is_staff=permissions.is_staff_user(self.request.user), **kwargs)


def _statement_context(beneficiary) -> dict:
    balance = {"earned": beneficiary.earned, "paid": beneficiary.paid, "owed": beneficiary.earned - beneficiary.paid,
               "overdue": selectors.overdue_of(beneficiary)}
    return {"beneficiary": beneficiary, "agreement": beneficiary.agreement, "balance": balance,
            "lines": selectors.statement_lines(beneficiary=beneficiary)}


class StatementPdfView(LoginRequiredMixin, View):
    def get(self, request, pk):
        from .reports import render_statement_pdf

        beneficiary = selectors.beneficiary_visible(user=request.user, pk=pk)
        pdf = render_statement_pdf(_statement_context(beneficiary))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="benefit-statement-{beneficiary.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response


class AgreementLedgerPdfView(LoginRequiredMixin, View):
    def get(self, request, pk):
        from .reports import render_agreement_pdf

        agreement = permissions.get_or_404(selectors.agreement_list(user=request.user), pk=pk)
        entries = list(selectors.agreement_ledger(user=request.user, agreement=agreement))
        total = sum((e.amount for e in entries), start=Decimal("0.00"))
        pdf = render_agreement_pdf({"agreement": agreement, "entries": entries, "total": total})
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="benefit-agreement-{agreement.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response


class PaymentCreateView(permissions.StaffRequiredMixin, ServiceFormMixin, FormView):
    template_name = "benefits/payment_form.html"
    form_class = PaymentForm
    success_message = _("บันทึกการจ่ายเงินแล้ว")

    def dispatch(self, request, *args, **kwargs):
        if not permissions.is_staff_user(request.user):
            return super().dispatch(request, *args, **kwargs)  # login / 403 first
        self.beneficiary = selectors.beneficiary_visible(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "beneficiary": self.beneficiary}

    def get_context_data(self, **kwargs):
        balance = selectors.beneficiary_balance(beneficiary=self.beneficiary)
        return super().get_context_data(beneficiary=self.beneficiary, balance=balance, **kwargs)

    def perform(self, form):
        services.record_payment(actor=self.request.user, beneficiary=self.beneficiary, **form.cleaned_data)

    def get_success_url(self):
        return self.beneficiary.get_absolute_url()


class SummaryView(permissions.StaffRequiredMixin, TemplateView):
    """Staff's province summary: owed, paid and overdue per beneficiary, and the totals."""

    template_name = "benefits/summary.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(summary=selectors.province_summary(user=self.request.user),
                                        compute_form=ComputeForm(prefix="c"), **kwargs)
