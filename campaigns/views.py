"""Pages: the partner portal, development issues with their thread, supports, the staff
campaign pages (posts, metrics, charts, tracked links, QR codes) and the /go/ redirect."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView, UpdateView

from core import charts, permissions
from core.forms import add_service_errors
from core.formviews import ServiceFormMixin, changed_fields
from core.templatetags.thai import thai_date
from products import selectors as products_selectors

from . import attribution, exports, redirects, selectors, services
from .choices import IssueAction, IssueStatus
from .forms import (
    AttachmentForm,
    AttributedSaleForm,
    CampaignForm,
    CampaignPostForm,
    CommentForm,
    CsvImportForm,
    IssueForm,
    SupportForm,
    TrackedLinkForm,
    TransitionForm,
)
from .models import Campaign, DevelopmentIssue, Support, TrackedLink


class PartnerOrStaffMixin(LoginRequiredMixin):
    """Partners and staff only; 403 (Thai message) for other logged-in users."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (permissions.is_partner(request.user)
                                                  or permissions.is_staff_user(request.user)):
            raise PermissionDenied(_("หน้านี้สำหรับภาคีเครือข่ายและเจ้าหน้าที่"))
        return super().dispatch(request, *args, **kwargs)


class StaffMixin(permissions.StaffRequiredMixin):
    pass


# --- Issues -----------------------------------------------------------------------------


class _IssueListMixin:
    paginate_by = 20

    def issue_context(self):
        filterset = selectors.issue_list(user=self.request.user, data=self.request.GET)
        page = Paginator(filterset.qs, self.paginate_by).get_page(self.request.GET.get("page"))
        return {"filter": filterset, "page_obj": page, "issues": page.object_list}


class PartnerHomeView(PartnerOrStaffMixin, _IssueListMixin, TemplateView):
    """/partner/: my organisation's assigned issues (filters) and the support we recorded."""

    template_name = "campaigns/partner_home.html"

    def dispatch(self, request, *args, **kwargs):
        # Producers (and experts) have no partner portal: their issues are at /issues/.
        if request.user.is_authenticated and not (permissions.is_partner(request.user)
                                                  or permissions.is_staff_user(request.user)):
            return redirect("campaigns:issue_list")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(self.issue_context())
        ctx["supports"] = selectors.support_list(user=self.request.user).qs[:10]
        ctx["summary"] = selectors.partner_summary(user=self.request.user)
        ctx["organisation"] = self.request.user.partner_organisation
        return ctx


class IssueListView(LoginRequiredMixin, _IssueListMixin, TemplateView):
    """Issues I may see: a producer's own, a partner's assigned ones, all for staff."""

    template_name = "campaigns/issue_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(self.issue_context())
        ctx["can_raise"] = permissions.is_producer(self.request.user) or permissions.is_staff_user(
            self.request.user)
        return ctx


class IssueCreateView(LoginRequiredMixin, FormView):
    template_name = "campaigns/issue_form.html"
    form_class = IssueForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (permissions.is_producer(request.user)
                                                  or permissions.is_staff_user(request.user)):
            raise PermissionDenied(_("เฉพาะเจ้าหน้าที่และผู้ผลิตเท่านั้นที่แจ้งประเด็นปัญหาได้"))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        upload = data.pop("attachment", None)
        try:
            issue = services.issue_create(actor=self.request.user, attachments=[upload] if upload else [], **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("แจ้งประเด็นปัญหาเรียบร้อยแล้ว เจ้าหน้าที่จะประสานภาคีเครือข่ายต่อไป"))
        return redirect(issue)


class IssueUpdateView(LoginRequiredMixin, FormView):
    """Staff, or the raising producer while the issue is still open, correct the issue."""

    template_name = "campaigns/issue_form.html"
    form_class = IssueForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.issue = permissions.get_editable_or_denied(DevelopmentIssue, request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.issue}

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in form.changed_data
                  if name in form.cleaned_data and (name != "group" or permissions.is_staff_user(self.request.user))}
        try:
            issue = services.issue_update(actor=self.request.user, issue=self.issue, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("บันทึกการแก้ไขเรียบร้อยแล้ว"))
        return redirect(issue)


class IssueDetailView(LoginRequiredMixin, TemplateView):
    """An issue with its thread (comments, progress notes, status log, attachments) and
    the steps the viewer may take. 404 for anyone who may not see it."""

    template_name = "campaigns/issue_detail.html"

    def get_issue(self):
        return selectors.issue_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        issue = kwargs.get("issue") or self.get_issue()
        user = self.request.user
        actions = services.available_actions(actor=user, issue=issue)
        ctx.update({
            "issue": issue,
            "actions": [(a, IssueAction(a).label) for a in actions],
            "transition_form": kwargs.get("transition_form") or TransitionForm(),
            "comment_form": kwargs.get("comment_form") or CommentForm(),
            "attachment_form": kwargs.get("attachment_form") or AttachmentForm(),
            "can_progress": issue.status == IssueStatus.IN_PROGRESS
            and services.actor_may(user, issue, "partner_or_staff"),
            "is_closed": issue.status == IssueStatus.CLOSED,
            "can_edit": DevelopmentIssue.objects.editable_by(user).filter(pk=issue.pk).exists(),
        })
        return ctx

    def post(self, request, *args, **kwargs):
        issue = self.get_issue()
        kind = request.POST.get("form")
        forms_ctx = {}
        status = 400
        try:
            if kind == "transition":
                form = forms_ctx["transition_form"] = TransitionForm(request.POST)
                if form.is_valid():
                    services.issue_transition(actor=request.user, issue=issue, action=form.cleaned_data["action"],
                                              note=form.cleaned_data["note"],
                                              partners=form.cleaned_data["partners"])
                    messages.success(request, _("บันทึกการดำเนินการเรียบร้อยแล้ว"))
                    return redirect(issue)
            elif kind == "comment":
                form = forms_ctx["comment_form"] = CommentForm(request.POST)
                if form.is_valid():
                    services.issue_comment(actor=request.user, issue=issue, **form.cleaned_data)
                    messages.success(request, _("บันทึกข้อความเรียบร้อยแล้ว"))
                    return redirect(issue)
            elif kind == "attachment":
                form = forms_ctx["attachment_form"] = AttachmentForm(request.POST, request.FILES)
                if form.is_valid():
                    services.issue_attach(actor=request.user, issue=issue, file=form.cleaned_data["file"],
                                          caption=form.cleaned_data["caption"])
                    messages.success(request, _("แนบไฟล์เรียบร้อยแล้ว"))
                    return redirect(issue)
            else:
                raise Http404
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            # Shown on the page in Thai (the generic 403 page would hide the reason).
            form.add_error(None, str(exc) or _("คุณไม่มีสิทธิ์ดำเนินการนี้"))
            status = 403
        response = self.render_to_response(self.get_context_data(issue=issue, **forms_ctx))
        response.status_code = status
        return response


# --- Supports -----------------------------------------------------------------------------


class SupportListView(LoginRequiredMixin, TemplateView):
    template_name = "campaigns/support_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filterset = selectors.support_list(user=self.request.user, data=self.request.GET)
        page = Paginator(filterset.qs, 30).get_page(self.request.GET.get("page"))
        ctx.update({"filter": filterset, "page_obj": page, "supports": page.object_list,
                    "can_record": permissions.is_partner(self.request.user)
                    or permissions.is_staff_user(self.request.user)})
        return ctx


class SupportCreateView(PartnerOrStaffMixin, FormView):
    template_name = "campaigns/support_form.html"
    form_class = SupportForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("issue"):
            issue = DevelopmentIssue.objects.visible_to(self.request.user).filter(
                pk=self.request.GET["issue"]).first() if self.request.GET["issue"].isdigit() else None
            if issue:
                initial.update({"issue": issue, "group": issue.group, "project": issue.project,
                                "community": issue.community})
        return initial

    def form_valid(self, form):
        try:
            services.support_record(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("บันทึกการสนับสนุนเรียบร้อยแล้ว"))
        return redirect("campaigns:support_list")


class SupportUpdateView(PartnerOrStaffMixin, ServiceFormMixin, UpdateView):
    """Complete or correct a support record (its outcome, above all): the giving partner's users or staff;
    another organisation's record is a 404."""

    template_name = "campaigns/support_form.html"
    form_class = SupportForm
    success_message = gettext_lazy("บันทึกการสนับสนุนเรียบร้อยแล้ว")
    success_url = reverse_lazy("campaigns:support_list")

    def get_object(self, queryset=None):
        return permissions.get_or_404(Support.objects.editable_by(self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        original = Support.objects.get(pk=self.object.pk)
        return services.support_update(actor=self.request.user, support=original, **changed_fields(form))


# --- Campaigns (staff) -----------------------------------------------------------------------


class CampaignListView(StaffMixin, TemplateView):
    template_name = "campaigns/campaign_list.html"

    def get_context_data(self, **kwargs):
        from .filters import CampaignFilter

        ctx = super().get_context_data(**kwargs)
        filterset = CampaignFilter(self.request.GET or None,
                                   queryset=selectors.campaign_list(user=self.request.user))
        page = Paginator(filterset.qs, 20).get_page(self.request.GET.get("page"))
        ctx.update({"filter": filterset, "page_obj": page, "campaigns": page.object_list})
        return ctx


class CampaignFormView(StaffMixin, FormView):
    template_name = "campaigns/campaign_form.html"
    form_class = CampaignForm

    def get_campaign(self):
        if "slug" in self.kwargs:
            return permissions.get_visible_or_404(Campaign, self.request.user, slug=self.kwargs["slug"])
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_campaign()}

    def form_valid(self, form):
        try:
            campaign = services.campaign_save(actor=self.request.user, campaign=self.get_campaign(),
                                              **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("บันทึกแคมเปญเรียบร้อยแล้ว"))
        return redirect(campaign)


class CampaignDetailView(StaffMixin, TemplateView):
    """A campaign: posts and their metrics, clicks over time (SVG), links with QR codes, and
    the pages the links drove traffic to."""

    template_name = "campaigns/campaign_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        campaign = selectors.campaign_detail(user=self.request.user, slug=self.kwargs["slug"])
        metrics = selectors.campaign_metrics(campaign=campaign)
        ctx.update({
            "campaign": campaign,
            "metrics": metrics,
            "posts": campaign.posts.all()[:200],
            "links": selectors.link_list(user=self.request.user, campaign=campaign),
            "click_chart": charts.bar_chart([(thai_date(d), n) for d, n in metrics["click_series"]],
                                            tick_labels=[date_format(d, "j/n") for d, _n in metrics["click_series"]],
                                            title=_("คลิกลิงก์ติดตามผลรายวัน"), unit=" " + _("คลิก"),
                                            unit_label=_("คลิก"), x_label=_("วันที่ (วัน/เดือน)")),
            "channel_charts": [
                charts.bar_chart([(row["label"], row[field] or 0) for row in metrics["by_channel"]],
                                 title=title, unit=" " + unit, unit_label=unit, x_label=_("ช่องทาง"))
                for field, title, unit in (("reach", _("การเข้าถึงตามช่องทาง"), _("คน")),
                                           ("impressions", _("การแสดงผลตามช่องทาง"), _("ครั้ง")),
                                           ("engagement", _("การมีส่วนร่วมตามช่องทาง"), _("ครั้ง")))
            ] if metrics["by_channel"] else [],
            "import_form": kwargs.get("import_form") or CsvImportForm(),
            "link_form": kwargs.get("link_form") or TrackedLinkForm(auto_id="id_link_%s"),
            "post_form": kwargs.get("post_form") or CampaignPostForm(auto_id="id_post_%s"),
            "import_errors": kwargs.get("import_errors"),
        })
        return ctx

    def post(self, request, *args, **kwargs):
        campaign = permissions.get_visible_or_404(Campaign, request.user, slug=self.kwargs["slug"])
        kind = request.POST.get("form")
        extra = {}
        if kind == "import":
            form = extra["import_form"] = CsvImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    n = services.posts_import_csv(actor=request.user, campaign=campaign,
                                                  data=form.cleaned_data["file"].read())
                    messages.success(request, _("นำเข้าโพสต์ %(n)s รายการเรียบร้อยแล้ว") % {"n": n})
                    return redirect(campaign)
                except ValidationError as exc:
                    extra["import_errors"] = exc.messages
        elif kind == "post":
            form = extra["post_form"] = CampaignPostForm(request.POST, auto_id="id_post_%s")
            if form.is_valid():
                try:
                    services.post_save(actor=request.user, campaign=campaign, **form.cleaned_data)
                    messages.success(request, _("บันทึกโพสต์เรียบร้อยแล้ว"))
                    return redirect(campaign)
                except ValidationError as exc:
                    add_service_errors(form, exc)
        elif kind == "link":
            form = extra["link_form"] = TrackedLinkForm(request.POST, auto_id="id_link_%s")
            if form.is_valid():
                try:
                    services.link_create(actor=request.user, campaign=campaign, **form.cleaned_data)
                    messages.success(request, _("สร้างลิงก์ติดตามผลเรียบร้อยแล้ว"))
                    return redirect(campaign)
                except ValidationError as exc:
                    add_service_errors(form, exc)
        else:
            raise Http404
        response = self.render_to_response(self.get_context_data(**extra))
        response.status_code = 400
        return response


class LinkQrView(StaffMixin, View):
    """The QR code of a tracked link, as PNG or SVG, for printing on labels and booth posters."""

    def get(self, request, code, fmt):
        if fmt not in ("png", "svg"):
            raise Http404
        link = permissions.get_visible_or_404(TrackedLink, request.user, code=code)
        url = request.build_absolute_uri(link.get_absolute_url())
        qr = segno.make(url, error="m")
        buf = io.BytesIO()
        if fmt == "svg":
            qr.save(buf, kind="svg", scale=10, border=4, title=f"/go/{link.code}")
            content_type = "image/svg+xml"
        else:
            qr.save(buf, kind="png", scale=12, border=4)
            content_type = "image/png"
        response = HttpResponse(buf.getvalue(), content_type=content_type)
        download = request.GET.get("download")
        disposition = "attachment" if download else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="qr-{link.code}.{fmt}"'
        return response


def posts_csv_template(request):
    """A sample CSV (header + one example row) for the posts import."""
    if not permissions.is_staff_user(request.user):
        raise Http404
    body = ",".join(services.CSV_COLUMNS) + "\r\n" + \
        "facebook,https://www.facebook.com/angthong.cdd/posts/123,2026-11-24,1000,1500,120,40,0\r\n"
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="campaign-posts-template.csv"'
    return response


@never_cache
def go(request, code: str):
    """/go/<code>: count the click (per day, no personal data) and redirect to the link's
    target, but only to a portal path or an allow-listed host (checked again now).

    A visitor's GET also marks the browser with the signed attribution cookie (campaigns/attribution.py:
    link, campaign, channel, time; 30 days; last link followed wins) — unless they send Do-Not-Track /
    Global Privacy Control, or the link's campaign is not running today (an old QR code is not a touch).
    A visit is counted when the cookie is set for a link other than the one it already named."""
    link = get_object_or_404(TrackedLink.objects.select_related("campaign"), code=code)
    if not redirects.is_allowed_target(link.target, redirects.allowed_hosts_now()):
        return HttpResponseRedirect(reverse("home"))
    response = HttpResponseRedirect(link.target)
    response["Referrer-Policy"] = "strict-origin-when-cross-origin"
    if request.method != "GET":  # link checkers and previews send HEAD: not a visitor's click
        return response
    services.click_record(actor=request.user, link=link)
    if attribution.tracking_refused(request) or not selectors.campaign_running(link.campaign,
                                                                                timezone.localdate()):
        return response
    previous = attribution.read_touch(request)
    if previous is None or previous.link_id != link.pk:
        services.session_record(actor=request.user, link=link)
    attribution.write_touch(request, response, attribution.Touch(
        link_id=link.pk, campaign_id=link.campaign_id, channel=link.channel, at=timezone.now()))
    return response


class _ContactRedirect(HttpResponseRedirect):
    allowed_schemes = ["http", "https", "tel"]


@never_cache
def order_contact(request, slug: str, contact: str):
    """/order/<product slug>/<contact>: a click on a product page's "where to buy / order" contact. When
    the visitor's attribution cookie names a tracked link the rule accepts, the click is credited to it
    (nothing about the visitor is stored); then on to the product's own shop, Facebook page, LINE or the
    group's phone. Only products the visitor may see; only the contacts the product has (else 404)."""
    product = get_object_or_404(products_selectors.products_visible_to(user=request.user)
                                .select_related("group"), slug=slug)
    target = selectors.order_contact_target(product=product, contact=contact)
    if not target or not target.startswith(("https://", "http://", "tel:")):
        raise Http404
    if request.method == "GET":
        found = selectors.attribution_for(touch=attribution.read_touch(request))
        if found is not None:
            services.contact_record(actor=request.user, product=product, contact=contact, attribution=found)
    response = _ContactRedirect(target)
    response["Referrer-Policy"] = "strict-origin-when-cross-origin"
    return response


# --- Attribution funnel (staff), printable cards, producers' attributed sales ----------------------------


class CampaignFunnelView(StaffMixin, TemplateView):
    """/campaigns/<slug>/funnel/: per link and channel, clicks/scans → visits → bookings (count, people,
    value) → order contacts → attributed sales, booking rate, cost per booking, weekly chart, the rule."""

    template_name = "campaigns/campaign_funnel.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        campaign = permissions.get_visible_or_404(Campaign, self.request.user, slug=self.kwargs["slug"])
        funnel = selectors.campaign_funnel(campaign=campaign)
        ctx.update({
            "campaign": campaign, "funnel": funnel,
            "chart": charts.paired_bar_chart(
                [(date_format(w["week"], "j/n"), w["sessions"], w["bookings"]) for w in funnel["weeks"]],
                title=_("การเข้าชมจากลิงก์และการจองรายสัปดาห์"), previous_label=_("การเข้าชม"),
                current_label=_("การจอง"), min_columns=min(12, max(len(funnel["weeks"]), 1))),
            "click_chart": charts.bar_chart([(thai_date(w["week"]), w["clicks"]) for w in funnel["weeks"]],
                                            tick_labels=[date_format(w["week"], "j/n") for w in funnel["weeks"]],
                                            title=_("คลิก/สแกนรายสัปดาห์")),
        })
        return ctx


class CampaignFunnelExportView(StaffMixin, View):
    """The funnel as an xlsx workbook: sheets per link, per channel and per week, and the rule."""

    def get(self, request, slug):
        campaign = permissions.get_visible_or_404(Campaign, request.user, slug=slug)
        funnel = selectors.campaign_funnel(campaign=campaign)
        body = exports.funnel_xlsx(campaign=campaign, funnel=funnel)
        response = HttpResponse(body, content_type=exports.XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="funnel-{campaign.pk}.xlsx"'
        return response


class LinkCardView(StaffMixin, TemplateView):
    """A printable A6 fair-booth card (or, with ?kind=label, a small product label) of a tracked link:
    its QR code, the human code to type on the booking form and the link written out."""

    template_name = "campaigns/link_card.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        link = get_object_or_404(TrackedLink.objects.visible_to(self.request.user).select_related("campaign"),
                                 code=self.kwargs["code"])
        ctx.update({"link": link, "label_mode": self.request.GET.get("kind") == "label",
                    "url": self.request.build_absolute_uri(link.get_absolute_url())})
        return ctx


class SaleListView(LoginRequiredMixin, FormView):
    """/campaigns/sales/: a producer credits a sale of their group to a campaign code (from a fair-booth
    card or a product label) and sees the sales they credited; staff see all."""

    template_name = "campaigns/sale_list.html"
    form_class = AttributedSaleForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (permissions.is_producer(request.user)
                                                  or permissions.is_staff_user(request.user)):
            raise PermissionDenied(_("หน้านี้สำหรับผู้ผลิตและเจ้าหน้าที่"))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        page = Paginator(selectors.sales_visible_to(user=self.request.user), 30).get_page(self.request.GET.get("page"))
        ctx.update({"sales": page.object_list, "page_obj": page})
        return ctx

    def form_valid(self, form):
        try:
            services.sale_record(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("บันทึกยอดขายที่มาจากรหัสแคมเปญเรียบร้อยแล้ว"))
        return redirect("campaigns:sale_list")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response
