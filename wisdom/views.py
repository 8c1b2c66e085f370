from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from core import permissions
from core.files import file_url
from core.forms import add_service_errors
from core.i18n_content import area_line, localized_text

from . import selectors, services
from .filters import PublicWisdomRecordFilter
from .forms import HOLDER_FIELDS, ConsentForm, HolderFormSet, SendBackForm, WisdomRecordForm
from .models import KnowledgeHolder, WisdomRecord


class WisdomListView(FilterView):
    """/wisdom/: the public registry (published records the visitor may see)."""
    public_page = True  # anonymous visitors are served from core.pagecache

    filterset_class = PublicWisdomRecordFilter
    template_name = "wisdom/record_list.html"
    paginate_by = 12
    strict = False

    def get_queryset(self):
        return selectors.record_cards(user=self.request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "clear_url": reverse("wisdom:list")}


class WisdomDetailView(DetailView):
    public_page = True  # anonymous visitors are served from core.pagecache
    template_name = "wisdom/record_detail.html"
    context_object_name = "record"

    def get_object(self, queryset=None):
        try:
            return selectors.record_detail_queryset(user=self.request.user).get(slug=self.kwargs["slug"])
        except WisdomRecord.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        record, user = self.object, self.request.user
        ctx["internal"] = selectors.can_see_internal(user, record)
        ctx["is_staff"] = permissions.is_staff_user(user)
        ctx["can_edit"] = record.status == "draft" and (
            ctx["is_staff"] or (permissions.is_producer(user) and ctx["internal"]))
        photos = record.visible_photos
        ctx["og_image"] = file_url(photos[0], "image") if photos else ""
        if record.has_map_point:
            ctx["map_points"] = [{"name": localized_text(record, "title"), "lat": float(record.lat),
                                  "lng": float(record.lng), "url": record.get_absolute_url(),
                                  "note": area_line(record.subdistrict, province=False)}]
        return ctx


class MyRecordsView(LoginRequiredMixin, ListView):
    """/wisdom/mine/: the records a producer compiled or that belong to their groups."""

    template_name = "wisdom/record_mine.html"
    paginate_by = 20
    context_object_name = "records"

    def get_queryset(self):
        return selectors.record_mine(user=self.request.user)


def _holder_changes(formset):
    add, update, delete = [], [], []
    for form in formset.forms:
        if not form.has_changed() and not form.instance.pk:
            continue
        data = {k: form.cleaned_data.get(k) for k in HOLDER_FIELDS}
        for k in ("age", "birth_year"):
            data[k] = data[k] or None
        for k in ("role", "contact"):
            data[k] = data[k] or ""
        if form.instance.pk:
            if form.cleaned_data.get("DELETE"):
                delete.append(form.instance)
            elif form.has_changed():
                update.append((form.instance, data))
        elif not form.cleaned_data.get("DELETE") and data.get("name"):
            add.append(data)
    return add, update, delete


class _RecordFormView(LoginRequiredMixin, View):
    template_name = "wisdom/record_form.html"

    def render_form(self, form, formset, record=None):
        steps = form.steps()
        if formset.total_error_count():
            steps[WisdomRecordForm.STEP_KEYS.index("holders")]["has_errors"] = True
        with_errors = [step["key"] for step in steps if step["has_errors"]]
        asked = self.request.POST.get("step") or self.request.GET.get("step")
        current = with_errors[0] if with_errors else asked if asked in WisdomRecordForm.STEP_KEYS else "what"
        return render(self.request, self.template_name, {"form": form, "formset": formset, "record": record,
                                                          "steps": steps, "current_step": current})

    def saved(self, record, message):
        """After a save: on to the step the button named (the draft is saved at every step), or, from the last
        step's "บันทึกร่าง", to the record's page where it is sent for checking."""
        goto = self.request.POST.get("goto", "")
        if goto in WisdomRecordForm.STEP_KEYS:
            messages.success(self.request, _("บันทึกร่างแล้ว"))
            return redirect(f"{reverse('wisdom:edit', args=[record.slug])}?step={goto}#form-steps")
        messages.success(self.request, message)
        return redirect(record)

    def apply_errors(self, form, exc: ValidationError):
        add_service_errors(form, exc)


class WisdomCreateView(_RecordFormView):
    """Producers (and staff) record a new draft with its steps, holders and several photos at once."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not (permissions.is_producer(user) or permissions.is_staff_user(user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render_form(WisdomRecordForm(user=request.user),
                                HolderFormSet(prefix="holders", instance=WisdomRecord()))

    def post(self, request):
        form = WisdomRecordForm(request.POST, request.FILES, user=request.user)
        formset = HolderFormSet(request.POST, prefix="holders", instance=WisdomRecord())
        if form.is_valid() and formset.is_valid():
            add, _update, _delete = _holder_changes(formset)
            try:
                record = services.record_create(actor=request.user, holders=add, **form.service_kwargs())
            except ValidationError as exc:
                self.apply_errors(form, exc)
            else:
                return self.saved(record, _("บันทึกร่างภูมิปัญญาเรียบร้อยแล้ว ตรวจทานแล้วกด “ส่งตรวจสอบ”"))
        return self.render_form(form, formset)


class WisdomUpdateView(_RecordFormView):
    """Edit a draft: 404 when not visible, 403 when visible but not editable."""

    def get_record(self):
        return selectors.record_editable(user=self.request.user, slug=self.kwargs["slug"])

    def get(self, request, slug):
        record = self.get_record()
        return self.render_form(WisdomRecordForm(instance=record, user=request.user),
                                HolderFormSet(instance=record, prefix="holders"), record)

    def post(self, request, slug):
        record = self.get_record()
        form = WisdomRecordForm(request.POST, request.FILES, instance=record, user=request.user)
        formset = HolderFormSet(request.POST, instance=record, prefix="holders")
        if form.is_valid() and formset.is_valid():
            add, update, delete = _holder_changes(formset)
            try:
                record = services.record_update(actor=request.user, record=WisdomRecord.objects.get(pk=record.pk),
                                                holders_add=add, holders_update=update, holders_delete=delete,
                                                **form.service_kwargs())
            except ValidationError as exc:
                self.apply_errors(form, exc)
            else:
                return self.saved(record, _("บันทึกการแก้ไขเรียบร้อยแล้ว"))
        return self.render_form(form, formset, record)


class WisdomSubmitView(LoginRequiredMixin, View):
    """POST: send a draft for verification."""

    def post(self, request, slug):
        record = selectors.record_editable(user=request.user, slug=slug)
        try:
            services.record_submit(actor=request.user, record=record,
                                   comment=request.POST.get("comment", "")[:2000])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("ส่งตรวจสอบแล้ว เจ้าหน้าที่จะตรวจสอบและแจ้งผล"))
        return redirect(record)


class WisdomReviewView(permissions.StaffRequiredMixin, View):
    """POST (staff): verify, publish or send back to draft with a comment."""

    ACTIONS = {"verify": services.record_verify, "publish": services.record_publish,
               "send_back": services.record_send_back}

    def post(self, request, slug):
        record = selectors.record_visible(user=request.user, slug=slug)
        form = SendBackForm(request.POST)
        service = self.ACTIONS.get(request.POST.get("action", ""))
        if service is None:
            messages.error(request, _("ไม่รู้จักคำสั่งนี้"))
            return redirect(record)
        comment = form.cleaned_data["comment"] if form.is_valid() else ""
        try:
            service(actor=request.user, record=record, comment=comment)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("เปลี่ยนสถานะเป็น “%(s)s” แล้ว") % {"s": record.get_status_display()})
        return redirect(record)


class HolderConsentView(LoginRequiredMixin, View):
    """A knowledge holder's consent, scope by scope (periods, forms), and the form that records a
    change: staff and the record's own community only (anyone else: 404)."""

    template_name = "wisdom/holder_consent.html"

    def _holder(self, request, pk):
        holder = permissions.get_or_404(KnowledgeHolder.objects.select_related("record"), pk=pk)
        if not selectors.can_see_internal(request.user, holder.record):
            raise Http404
        return holder

    def _render(self, request, holder, form, status=200):
        consents = list(selectors.holder_consents(user=request.user, holder=holder))
        return render(request, self.template_name, {"holder": holder, "record": holder.record, "form": form,
                                                    "consents": consents}, status=status)

    def get(self, request, pk):
        holder = self._holder(request, pk)
        from django.utils import timezone

        return self._render(request, holder, ConsentForm(initial={"on": timezone.localdate()}))

    def post(self, request, pk):
        holder = self._holder(request, pk)
        form = ConsentForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["action"] == ConsentForm.WITHDRAW:
                    _closed, unpublished = services.consent_withdraw(
                        actor=request.user, holder=holder, scope=data["scope"], on=data["on"], note=data["note"])
                    messages.success(request, _("บันทึกการถอนความยินยอมแล้ว") + (
                        " · " + _("ยกเลิกการเผยแพร่: %(items)s") % {"items": ", ".join(unpublished)}
                        if unpublished else ""))
                else:
                    service = services.consent_grant if data["action"] == ConsentForm.GRANT \
                        else services.consent_restore
                    service(actor=request.user, holder=holder, scope=data["scope"], given_on=data["on"],
                            witness=data["witness"], form=data["form"], note=data["note"])
                    messages.success(request, _("บันทึกความยินยอมแล้ว"))
                return redirect("wisdom:holder_consent", pk=holder.pk)
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "given_on" in exc.error_dict:
                    exc.error_dict["on"] = exc.error_dict.pop("given_on")
                add_service_errors(form, exc)
        return self._render(request, holder, form, status=400)


# --- Lineage (issue 17): what a piece of wisdom became and earned ------------------------------------


class WisdomLineageView(View):
    """/wisdom/<slug>/lineage/: everything built on a record the viewer may see (404 otherwise). Staff and
    the record's own community get the full version — money per month, bookings, sales, the income of the
    groups and communities involved, campaigns — each figure summed from rows they may see; everyone else
    the public version (counts and the timeline, no money: ``wisdom.lineage``)."""

    public_page = True  # anonymous visitors are served from core.pagecache
    template_name = "wisdom/record_lineage.html"

    def get(self, request, slug):
        from .lineage import record_lineage

        record = selectors.lineage_record(user=request.user, slug=slug)
        lineage = record_lineage(record=record, user=request.user)
        return render(request, self.template_name, {"record": record, "lineage": lineage,
                                                    "chart": lineage.chart()})


def _lineage_table(request):
    from .filters import WisdomLineageFilter
    from .lineage import province_ranking

    f = WisdomLineageFilter(request.GET or None, queryset=selectors.lineage_table_records(user=request.user))
    records = list(f.qs) if (not f.is_bound or f.is_valid()) else []
    return f, province_ranking(records=records, user=request.user, fiscal_year=f.chosen_fiscal_year)


class WisdomLineageTableView(permissions.StaffRequiredMixin, View):
    """/wisdom/lineage/ (staff): every record ranked by what it became — products, programs, revenue —
    filtered by district, category and fiscal year; the same as xlsx at /wisdom/lineage/xlsx/."""

    template_name = "wisdom/lineage_table.html"

    def get(self, request):
        f, rows = _lineage_table(request)
        return render(request, self.template_name, {
            "filter": f, "rows": rows, "clear_url": reverse("wisdom:lineage_table"),
            "xlsx_url": reverse("wisdom:lineage_xlsx") + (f"?{request.GET.urlencode()}" if request.GET else ""),
            "totals": {"products": sum(r.products for r in rows), "programs": sum(r.programs for r in rows),
                       "booking_value": sum((r.booking_value for r in rows), 0),
                       "sales": sum((r.sales for r in rows), 0), "revenue": sum((r.revenue for r in rows), 0)}})


class WisdomLineageXlsxView(permissions.StaffRequiredMixin, View):
    def get(self, request):
        from django.http import HttpResponse
        from django.utils import timezone

        from core.xlsx import XLSX_TYPE

        from .lineage import province_ranking_xlsx

        f, rows = _lineage_table(request)
        shown = []
        if f.is_bound and f.is_valid():
            data = f.form.cleaned_data
            if data.get("district"):
                shown.append(f"อ.{data['district'].name_th}")
            if data.get("category"):
                shown.append(str(dict(f.filters["category"].extra["choices"]).get(data["category"], "")))
        body = province_ranking_xlsx(rows, fiscal_year=f.chosen_fiscal_year, filters_text=", ".join(shown),
                                     generated_by=request.user.get_full_name() or request.user.get_username(),
                                     generated_at=timezone.now())
        response = HttpResponse(body, content_type=XLSX_TYPE)
        name = f"wisdom-lineage-{f.chosen_fiscal_year or 'all'}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
