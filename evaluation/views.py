"""Pages of the income evaluation: producers' monthly income form, staff dashboard, drill-down, reports."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from core import charts, permissions
from core.files import file_url
from core.forms import add_service_errors
from core.formviews import ServiceFormMixin
from core.models import District, ProducerGroup
from core.thai_dates import MONTHS_TH_ABBR, fiscal_year_months, fiscal_year_of, to_be_year
from tourism import selectors as tourism_selectors

from . import selectors, services
from .choices import ReportStatus, UnitType
from .filters import ReportFilter, ResultsParamsForm
from .forms import (
    ActionForm,
    DistrictTargetForm,
    FindingForm,
    IncomeForm,
    ProductSalesForm,
    ProductSalesImportForm,
    TargetYearForm,
    UnitTargetForm,
)
from .models import ImprovementAction, IncomeRecord, Report
from .reports import PROJECT_LABELS


def default_period() -> tuple[int, dt.date]:
    """The month just ended and its fiscal year (what the monthly report covers)."""
    as_of = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return fiscal_year_of(as_of), as_of


def month_label(month: dt.date) -> str:
    return f"{MONTHS_TH_ABBR[month.month - 1]} {str(to_be_year(month.year))[2:]}"


def trend_svg(trend: list[dict], target, title: str) -> str:
    """This fiscal year's income per month beside the same month a year earlier, and the target line."""
    return charts.paired_bar_chart([(month_label(m["month"]), m["baseline"], m["current"]) for m in trend],
                                   target_percent=target, title=title)


def percent_bars(items: list[tuple[str, object]], *, target, title: str, item_targets=None) -> str:
    """Increase percentages (one bar per district or project) against the target."""
    return charts.hbar_chart(items, unit="%", target=target, item_targets=item_targets, title=title)


def results_params(request) -> ResultsParamsForm:
    fy, as_of = default_period()
    data = request.GET.copy()
    data.setdefault("fiscal_year", str(fy))
    if "as_of" not in data:
        chosen = data.get("fiscal_year") or ""
        if chosen == str(fy):
            data["as_of"] = f"{as_of:%Y-%m}"
        elif chosen.isdigit() and 2500 <= int(chosen) <= 2700:  # the form's range: anything else is its error
            data["as_of"] = f"{fiscal_year_months(int(chosen))[-1]:%Y-%m}"
        else:
            data["as_of"] = ""
    return ResultsParamsForm(data)


class DashboardView(permissions.StaffRequiredMixin, TemplateView):
    """Staff dashboard: FY and month pickers, province headline, charts, units table, reports."""

    template_name = "evaluation/dashboard.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.is_staff_user(request.user) \
                and selectors.units_answered_by(user=request.user).choices():
            return redirect("evaluation:income")  # producers and coordinators: their own units
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = results_params(self.request)
        ctx["form"] = form
        if not form.is_valid():
            return ctx
        params = form.selector_kwargs()
        # ONE evaluation per request: the table's page, the headline and the charts come from it
        result = selectors.evaluation_result(**params)
        targets = selectors.targets_for(params["fiscal_year"])
        target_all = targets.get("all")
        summary, districts, projects = result.summary, result.by_district, result.by_project
        trend = selectors.monthly_trend(fiscal_year=params["fiscal_year"], as_of=params["as_of"])
        page = Paginator(result.rows, 50).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("ordering", None)
        ctx.update({
            "params": params, "summary": summary, "targets": targets, "target_all": target_all,
            "districts": districts, "page_obj": page, "rows": page.object_list,
            "projects": [{**p, "label": PROJECT_LABELS.get(p["key"], p["key"]), "target": targets.get(p["key"])}
                         for p in projects],
            "district_chart": percent_bars([(d["key_name"], d["increase_percent"]) for d in districts],
                                           target=summary.get("target_percent"),
                                           item_targets=[d["target_percent"] if d["target_level"] == "district"
                                                         else None for d in districts],
                                           title=_("รายได้เพิ่มขึ้นรายอำเภอ (ร้อยละ)")),
            "project_chart": percent_bars(
                [(PROJECT_LABELS.get(p["key"], p["key"]), p["increase_percent"]) for p in projects],
                target=target_all, title=_("รายได้เพิ่มขึ้นรายโครงการ (ร้อยละ)"),
                item_targets=[targets.get(p["key"]) for p in projects]),
            "trend_chart": trend_svg(trend, target_all, _("รายได้รายเดือน (บาท)")),
            "sort_query": query.urlencode(),
            "reports": Report.objects.filter(fiscal_year=params["fiscal_year"], as_of=params["as_of"])[:5],
        })
        return ctx


class DistrictDetailView(permissions.StaffRequiredMixin, TemplateView):
    """Drill-down, province -> district -> unit: a district judged against its own target (else the
    department's), how many of its units pull it below, and each unit against its own target with the
    gap in baht. ONE evaluation per request (the district's result, cached like the dashboard's)."""

    template_name = "evaluation/district_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        district = get_object_or_404(District.objects.filter(province_id="15"), code=self.kwargs["code"])
        form = results_params(self.request)
        form.fields.pop("district")  # the district is the page's own
        ctx.update({"district": district, "form": form})
        if not form.is_valid():
            return ctx
        params = {**form.selector_kwargs(), "district": district.code}
        result = selectors.evaluation_result(**params)
        figures = result.by_district[0] if result.by_district else None
        page = Paginator(result.rows, 50).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("ordering", None)
        rows = page.object_list
        ctx.update({
            "params": params, "figures": figures, "page_obj": page, "rows": rows,
            "sort_query": query.urlencode(),
            "unit_chart": percent_bars(
                [(f"{r['unit_name']} · {PROJECT_LABELS.get(r['project'], r['project'])}", r["increase_percent"])
                 for r in rows],
                target=figures["target_percent"] if figures else None,
                item_targets=[r["target_percent"] for r in rows],
                title=_("รายได้เพิ่มขึ้นรายหน่วย (ร้อยละ) เทียบเป้าหมายของแต่ละหน่วย")) if rows else "",
        })
        return ctx


class UnitDetailView(LoginRequiredMixin, TemplateView):
    """Drill-down: one unit's months (current beside baseline) and its result per project."""

    template_name = "evaluation/unit_detail.html"

    def get_unit(self):
        unit_type, pk = self.kwargs["unit_type"], self.kwargs["pk"]
        units = selectors.units_answered_by(user=self.request.user)
        if unit_type == UnitType.PRODUCER_GROUP:
            unit = get_object_or_404(ProducerGroup.objects.with_area(), pk=pk)
            allowed = units.includes(producer_group_id=unit.pk)
        elif unit_type == UnitType.TOURISM_COMMUNITY:
            unit = get_object_or_404(tourism_selectors.communities().select_related("subdistrict__district"), pk=pk)
            allowed = units.includes(tourism_community_id=unit.pk)
        else:
            raise Http404
        if not allowed:
            raise Http404
        return unit

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        unit = self.get_unit()
        form = results_params(self.request)
        ctx.update({"unit": unit, "unit_type": self.kwargs["unit_type"], "form": form})
        if form.is_valid():
            params = form.selector_kwargs()
            kw = {"fiscal_year": params["fiscal_year"], "as_of": params["as_of"],
                  "unit_type": self.kwargs["unit_type"], "unit_id": unit.pk}
            targets = selectors.targets_for(params["fiscal_year"])
            ctx.update({
                "params": params, "target_all": targets.get("all"),
                "results": list(selectors.evaluation_rows(user=self.request.user, **kw, order="project")),
                "months": selectors.unit_months(**kw),
                "trend_chart": trend_svg(selectors.monthly_trend(**kw), targets.get("all"),
                                         _("รายได้รายเดือน (บาท)")),
            })
        return ctx


class IncomeView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """A producer's (or coordinator's) monthly income form, their records, trend and status."""

    template_name = "evaluation/income.html"
    form_class = IncomeForm
    success_url = reverse_lazy("evaluation:income")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.units = selectors.units_answered_by(user=request.user).choices()
            if not self.units:
                raise PermissionDenied(_("หน้านี้สำหรับสมาชิกกลุ่มผู้ผลิตและผู้ประสานงานชุมชนท่องเที่ยว"))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units": self.units}

    def get_initial(self):
        """A link from the workspace (/me/) opens the form on one unit, month and source."""
        initial = super().get_initial()
        for name in ("unit", "month", "source"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        if all(self.request.GET.get(n) for n in ("unit", "month", "source")):
            self.current_record = self._current(self.request.GET)
            initial["if_current"] = str(self.current_record.amount) if self.current_record else ""
        return initial

    def _current(self, data):
        """The record the form's unit, month and source would overwrite (None if none, or unreadable)."""
        form = IncomeForm(data=data, units=self.units)
        form.is_valid()
        unit, month, source = (form.cleaned_data.get(n) for n in ("unit", "month", "source"))
        if not (unit and month and source):
            return None
        try:
            month = selectors.parse_month(month)
        except ValidationError:
            return None
        return selectors.income_record_current(user=self.request.user, unit=unit, month=month, source=source)

    def perform(self, form):
        data = form.cleaned_data
        if "if_current" in self.request.POST:
            current = selectors.income_record_current(
                user=self.request.user, unit=data["unit"], month=selectors.parse_month(data["month"]),
                source=data["source"])
            seen = (data.get("if_current") or "").strip()
            if (current is None) != (seen == "") or (current is not None and str(current.amount) != seen):
                self.changed_meanwhile = current
                raise ValidationError(_("เดือนนี้มีรายได้บันทึกไว้แล้ว %(amount)s บาท ตรวจสอบแล้วกดบันทึกอีกครั้ง"
                                        "หากต้องการแทนที่") % {"amount": f"{current.amount:,.2f}" if current else "0.00"})
        _record, created = services.income_record_submit(
            actor=self.request.user, month=data["month"], source=data["source"],
            amount=data["amount"], **data["unit"])
        self.success_message = _("บันทึกรายได้แล้ว") if created else _("แก้ไขรายได้ของเดือนนี้แล้ว")

    def get_success_url(self):
        target = self.request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()},
                                                       require_https=self.request.is_secure()):
            return target
        return super().get_success_url()

    def form_invalid(self, form):
        current = getattr(self, "changed_meanwhile", False)
        if current is not False:
            # Shown again with the value now recorded: a second "save" overwrites it knowingly.
            data = self.request.POST.copy()
            data["if_current"] = str(current.amount) if current is not None else ""
            errors = form.errors
            form = IncomeForm(data=data, units=self.units)
            form.is_valid()
            for field, messages_ in errors.items():
                for message in messages_:
                    form.add_error(None if field == "__all__" else field, message)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.request.method == "GET" and hasattr(self, "current_record"):
            ctx["prefilled"], ctx["current_record"] = True, self.current_record
        elif self.request.method == "POST" and getattr(self, "changed_meanwhile", False) is not False:
            ctx["prefilled"], ctx["current_record"] = True, self.changed_meanwhile
        ctx["next"] = self.request.GET.get("next") or self.request.POST.get("next", "")
        fy, as_of = default_period()
        ctx["fiscal_year"], ctx["as_of"] = fy, as_of
        records = IncomeRecord.objects.visible_to(self.request.user).select_related(
            "producer_group", "tourism_community")
        ctx["records"] = records[:36]
        target_all = selectors.targets_for(fy).get("all")
        overview = []
        own_units = [] if permissions.is_staff_user(self.request.user) else self.units[:10]
        for value, name in own_units:
            kind, _sep, pk = value.partition(":")
            unit_type = UnitType.PRODUCER_GROUP if kind == "pg" else UnitType.TOURISM_COMMUNITY
            kw = {"fiscal_year": fy, "as_of": as_of, "unit_type": unit_type, "unit_id": int(pk)}
            overview.append({
                "name": name, "unit_type": unit_type, "unit_id": int(pk),
                "results": list(selectors.evaluation_rows(user=self.request.user, **kw, order="project")),
                "chart": trend_svg(selectors.monthly_trend(**kw), target_all, name),
            })
        ctx["overview"] = overview
        return ctx


class IncomeProductSalesView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """Split one month's product-sales income of a group among the group's products (whoever may record
    the group's income; anyone else gets a 404)."""

    template_name = "evaluation/product_sales.html"
    form_class = ProductSalesForm
    success_message = _("บันทึกยอดขายรายผลิตภัณฑ์แล้ว")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.record = permissions.get_visible_or_404(
            IncomeRecord.objects.select_related("producer_group"), request.user, pk=kwargs["pk"])
        if self.record.producer_group_id is None or self.record.source != "product_sales":
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        from products.selectors import products_of_groups

        return {**super().get_form_kwargs(),
                "products": products_of_groups(group_ids=[self.record.producer_group_id]),
                "sales": selectors.product_sales_of_record(record=self.record)}

    def perform(self, form):
        services.product_sales_set(actor=self.request.user, record=self.record, lines=form.lines())

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_success_url(self):
        return reverse("evaluation:income_products", kwargs={"pk": self.record.pk})

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        sales = list(selectors.product_sales_of_record(record=self.record))
        ctx.update({"record": self.record, "sales": sales,
                    "attributed": sum((s.amount for s in sales), 0)})
        return ctx


class ProductSalesImportView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """A spreadsheet of product-sales lines for the user's groups, all or nothing."""

    template_name = "evaluation/product_sales_import.html"
    form_class = ProductSalesImportForm
    success_url = reverse_lazy("evaluation:income")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (
                permissions.is_staff_user(request.user) or selectors.units_answered_by(user=request.user).group_ids):
            raise PermissionDenied(_("หน้านี้สำหรับสมาชิกกลุ่มผู้ผลิต"))
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        count = services.product_sales_import(actor=self.request.user, rows=form.cleaned_data["file"])
        self.success_message = _("นำเข้ายอดขายรายผลิตภัณฑ์ %(n)s รายการแล้ว") % {"n": count}

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ReportListView(permissions.StaffRequiredMixin, ListView):
    template_name = "evaluation/report_list.html"
    paginate_by = 30
    context_object_name = "reports"

    def get_queryset(self):
        self.filter = ReportFilter(self.request.GET, queryset=Report.objects.visible_to(self.request.user)
                                   .select_related("created_by"))
        return self.filter.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filter, **kwargs)


class ReportDetailView(permissions.StaffRequiredMixin, DetailView):
    template_name = "evaluation/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return Report.objects.visible_to(self.request.user).select_related("created_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = self.object
        if report.status == ReportStatus.DONE:
            from .reports import pdf_context

            ctx["pdf"] = pdf_context(report.snapshot)
        ctx["findings"] = report.findings.prefetch_related(
            "actions__producer_group", "actions__tourism_community", "actions__product", "actions__program",
            "actions__development_issue")
        ctx.setdefault("finding_form", FindingForm())
        ctx.setdefault("action_form", ActionForm(report=report))
        return ctx


class ReportRequestView(permissions.StaffRequiredMixin, View):
    def post(self, request):
        form = ResultsParamsForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
            return redirect("evaluation:dashboard")
        params = form.selector_kwargs()
        report = services.report_request(actor=request.user, fiscal_year=params["fiscal_year"],
                                         as_of=params["as_of"])
        messages.success(request, _("ส่งคำขอสร้างรายงานแล้ว ระบบกำลังสร้างรายงาน"))
        return redirect(report.get_absolute_url())


class ReportStatusView(permissions.StaffRequiredMixin, View):
    """JSON the pages poll while a report is being generated."""

    def get(self, request, pk):
        report = permissions.get_visible_or_404(Report, request.user, pk=pk)
        return JsonResponse({"id": report.pk, "status": report.status,
                             "status_label": report.get_status_display(),
                             "xlsx": file_url(report, "xlsx"), "pdf": file_url(report, "pdf"),
                             "error": report.error})


class FindingCreateView(permissions.StaffRequiredMixin, View):
    def post(self, request, pk):
        report = permissions.get_editable_or_denied(Report, request.user, pk=pk)
        form = FindingForm(request.POST)
        if form.is_valid():
            try:
                services.finding_create(actor=request.user, report=report, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("บันทึกข้อค้นพบแล้ว"))
                return redirect(report.get_absolute_url())
        view = ReportDetailView(request=request, kwargs={"pk": pk}, object=report)
        return view.render_to_response(view.get_context_data(finding_form=form), status=400)


class ActionCreateView(permissions.StaffRequiredMixin, View):
    def post(self, request, pk):
        report = permissions.get_editable_or_denied(Report, request.user, pk=pk)
        form = ActionForm(request.POST, report=report)
        if form.is_valid():
            try:
                services.action_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("บันทึกการปรับปรุงแล้ว"))
                return redirect(report.get_absolute_url())
        view = ReportDetailView(request=request, kwargs={"pk": pk}, object=report)
        return view.render_to_response(view.get_context_data(action_form=form), status=400)


class ActionStatusView(permissions.StaffRequiredMixin, View):
    def post(self, request, pk):
        action = permissions.get_editable_or_denied(ImprovementAction.objects.select_related("finding"),
                                                    request.user, pk=pk)
        try:
            services.action_set_status(actor=request.user, action=action, status=request.POST.get("status", ""),
                                       result_note=request.POST.get("result_note", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(reverse("evaluation:report_detail", kwargs={"pk": action.finding.report_id}))


# --- District and unit targets (staff) -------------------------------------------------------


class TargetsView(permissions.StaffRequiredMixin, TemplateView):
    """The targets of a fiscal year at every level — the department's (per project), the districts' and
    the units' with their reasons and who set them — and the forms that set a district or unit target.
    A constant number of queries whatever the number of targets."""

    template_name = "evaluation/targets.html"

    def fiscal_year(self) -> int:
        value = self.request.GET.get("fiscal_year") or self.request.POST.get("fiscal_year") or ""
        return int(value) if value.isdigit() and 2500 <= int(value) <= 2700 else default_period()[0]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        fy = self.fiscal_year()
        units = selectors.units_answered_by(user=self.request.user).choices()
        ctx.update({
            "fiscal_year": fy, "year_form": TargetYearForm(initial={"fiscal_year": fy}),
            "department": [{"project": p, "label": PROJECT_LABELS.get(p, p), "target": t}
                           for p, t in selectors.targets_for(fy).items()],
            "district_targets": selectors.district_targets(fiscal_year=fy, user=self.request.user),
            "unit_targets": selectors.unit_targets(fiscal_year=fy, user=self.request.user),
            "district_form": kwargs.get("district_form") or DistrictTargetForm(initial={"fiscal_year": fy}),
            "unit_form": kwargs.get("unit_form") or UnitTargetForm(units=units, initial={"fiscal_year": fy}),
        })
        return ctx


class _TargetSetView(permissions.StaffRequiredMixin, View):
    """POST only: set a district or unit target through its service, back to the targets page; a refused
    form is shown again on that page (400)."""

    form_name = ""

    def make_form(self, data):
        raise NotImplementedError

    def save(self, form):
        raise NotImplementedError

    def post(self, request):
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    target = self.save(form)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("บันทึกเป้าหมายแล้ว"))
                return redirect(f"{reverse('evaluation:targets')}?fiscal_year={target.fiscal_year}")
        view = TargetsView(request=request, kwargs={})
        return view.render_to_response(view.get_context_data(**{self.form_name: form}), status=400)


class DistrictTargetSetView(_TargetSetView):
    form_name = "district_form"

    def make_form(self, data):
        return DistrictTargetForm(data)

    def save(self, form):
        return services.district_target_set(actor=self.request.user, **form.cleaned_data)


class UnitTargetSetView(_TargetSetView):
    form_name = "unit_form"

    def make_form(self, data):
        return UnitTargetForm(data, units=selectors.units_answered_by(user=self.request.user).choices())

    def save(self, form):
        data = dict(form.cleaned_data)
        return services.unit_target_set(actor=self.request.user, **data.pop("unit"), **data)


class TargetHistoryView(permissions.StaffRequiredMixin, TemplateView):
    """Every change of one district or unit target: when, who, the percentage and the reason."""

    template_name = "evaluation/target_history.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        level = self.kwargs["level"]
        if level == "district":
            target = get_object_or_404(selectors.district_targets(user=self.request.user), pk=self.kwargs["pk"])
            name = target.district.name_th
        elif level == "unit":
            target = get_object_or_404(selectors.unit_targets(user=self.request.user), pk=self.kwargs["pk"])
            name = target.unit.name_th
        else:
            raise Http404
        ctx.update({"target": target, "level": level, "name": name,
                    "changes": target.history.select_related("history_user").order_by("-history_date",
                                                                                      "-history_id")})
        return ctx
