"""Pages of the tourism app: thin views over selectors (reads) and services (writes)."""

from __future__ import annotations

import datetime
from collections import OrderedDict

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from core import permissions
from core.files import file_url
from core.forms import add_service_errors

from . import selectors, services
from .filters import BookingFilter, CommunityFilter, ProgramFilter
from .forms import (
    ActivityForm,
    BookingCodeForm,
    BookingContactForm,
    BookingForm,
    CommunityForm,
    CommunityPhotoForm,
    ConfirmForm,
    DeclineForm,
    MonthlyVisitForm,
    PriceCalculatorForm,
    ProgramForm,
    ProgramItemFormSet,
    RescheduleForm,
)
from .models import Activity, Program, TourismCommunity
from .throttles import AnonBookingThrottle, BookingLookupThrottle


def _first_photo(community):
    photos = list(community.photos.all())  # prefetched
    return photos[0] if photos else None


# --- Public pages ------------------------------------------------------------------


class ProgramListView(FilterView):
    public_page = True  # anonymous visitors are served from core.pagecache
    template_name = "tourism/program_list.html"
    filterset_class = ProgramFilter
    paginate_by = 12

    def get_queryset(self):
        return selectors.program_cards(user=self.request.user).order_by("price_per_person", "title_th")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for program in ctx["object_list"]:
            program.card_photo = selectors.card_photo(program)
        return ctx


class ProgramDetailView(DetailView):
    public_page = True  # anonymous visitors are served from core.pagecache
    template_name = "tourism/program_detail.html"
    context_object_name = "program"

    def get_queryset(self):
        return selectors.program_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        program = self.object
        photos = list(program.community.photos.all())
        ctx.update({
            "photos": photos,
            "og_image": file_url(photos[0], "thumbnail") if photos else "",
            "products": selectors.featured_products(program),
            **dict(zip(("wisdom", "credited_holders"),
                       selectors.program_credited_holders(program, user=self.request.user), strict=True)),
            "days": _itinerary_by_day(program),
            "can_edit": Program.objects.editable_by(self.request.user).filter(pk=program.pk).exists()
            if permissions.is_member(self.request.user) else False,
        })
        form = ctx.setdefault("form", BookingForm(initial={"people": program.min_group_size}))
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        form.fields["date"].widget.attrs.update({"min": tomorrow.isoformat()})
        people = form.cleaned_data.get("people") if form.is_bound and hasattr(form, "cleaned_data") else None
        people = people or program.min_group_size
        ctx["booking_people"], ctx["booking_total"] = people, program.price_for(people)
        calc = PriceCalculatorForm(self.request.GET or None, auto_id="id_calc_%s")  # beside the booking form
        ctx["calc_form"] = calc
        if calc.is_valid():
            people = calc.cleaned_data["people"]
            ctx["calc_people"] = people
            ctx["calc_total"] = program.price_for(people)
            ctx["calc_in_range"] = program.min_group_size <= people <= program.max_group_size
        return ctx

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        program = self.object
        form = BookingForm(request.POST)
        if not AnonBookingThrottle().allow_request(request, self):
            form.add_error(None, _("มีคำขอจองจากเครือข่ายของคุณมากเกินไป กรุณาลองใหม่ภายหลังหรือโทรหาชุมชน"))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if form.is_valid():
            try:
                data = dict(form.cleaned_data)
                booking = services.booking_create(actor=request.user, program=program,
                                                  attribution=selectors.booking_attribution(
                                                      request=request, code=data.pop("source_code", "")),
                                                  **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                _remember_verified(request, booking.code)  # the tourist has just typed the details in
                messages.success(request, _("ส่งคำขอจองแล้ว รหัสการจองของคุณคือ %(code)s โปรดเก็บรหัสนี้ไว้ตรวจสอบสถานะ")
                                 % {"code": booking.code})
                return redirect(booking)
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _itinerary_by_day(program):
    days = OrderedDict()
    for item in program.items.all():
        days.setdefault(item.day, []).append(item)
    return days


# --- A tourist's own booking: the code shows the facts, the contact proof shows the person ---------------

VERIFIED_SESSION_KEY = "tourism_verified_bookings"
WRONG_CONTACT = gettext_lazy("ข้อมูลไม่ตรงกับการจองนี้ กรุณาตรวจสอบเลข 4 ตัวท้ายของเบอร์โทรศัพท์ "
                             "หรืออีเมลที่ใช้จอง แล้วลองอีกครั้ง")
BAD_LINK = gettext_lazy("ลิงก์นี้ไม่ถูกต้องหรือหมดอายุแล้ว กรุณากรอกเลข 4 ตัวท้ายของเบอร์โทรศัพท์หรืออีเมลที่ใช้จอง")
TOO_MANY_LOOKUPS = gettext_lazy("มีการตรวจสอบการจองจากเครือข่ายของคุณมากเกินไป กรุณาลองใหม่ภายหลัง "
                                "หรือติดต่อชุมชนโดยตรง")


def _remember_verified(request, code: str) -> None:
    """Remember in the session that this visitor proved the contact of booking `code` (the last 20)."""
    codes = [c for c in request.session.get(VERIFIED_SESSION_KEY, []) if c != code]
    request.session[VERIFIED_SESSION_KEY] = [*codes, code][-20:]


def _session_verified(request, code: str) -> bool:
    return code in request.session.get(VERIFIED_SESSION_KEY, [])


def _lookup_allowed(request, view) -> bool:
    return BookingLookupThrottle().allow_request(request, view)


def _too_many_lookups(request):
    return render(request, "tourism/booking_lookup.html", {"form": BookingCodeForm(), "refused": TOO_MANY_LOOKUPS},
                  status=429)


class BookingLookupView(View):
    """/tourism/bookings/: the reference code (and, to see the tourist's details, the phone's last 4 digits
    or the e-mail) opens the status page. Throttled per client address."""

    def get(self, request):
        if "code" not in request.GET:
            return render(request, "tourism/booking_lookup.html", {"form": BookingCodeForm()})
        form = BookingCodeForm({"code": request.GET.get("code", "")})  # old links: the code only
        if not _lookup_allowed(request, self):
            return _too_many_lookups(request)
        if form.is_valid():
            booking = selectors.booking_by_code(form.cleaned_data["code"])
            if booking:
                return redirect(booking)
            form.add_error("code", _("ไม่พบการจองรหัสนี้ กรุณาตรวจสอบรหัสอีกครั้ง"))
        return render(request, "tourism/booking_lookup.html", {"form": form}, status=400 if form.errors else 200)

    def post(self, request):
        form = BookingCodeForm(request.POST)
        if not _lookup_allowed(request, self):
            return _too_many_lookups(request)
        if form.is_valid():
            booking = selectors.booking_by_code(form.cleaned_data["code"])
            contact = form.cleaned_data["contact"]
            if booking is None:
                form.add_error("code", _("ไม่พบการจองรหัสนี้ กรุณาตรวจสอบรหัสอีกครั้ง"))
            elif not contact:
                return redirect(booking)
            elif selectors.booking_contact_matches(booking, contact):
                _remember_verified(request, booking.code)
                return redirect(booking)
            else:
                form.add_error("contact", WRONG_CONTACT)
        return render(request, "tourism/booking_lookup.html", {"form": form}, status=400)


@method_decorator(never_cache, name="dispatch")
class BookingStatusView(View):
    """The tourist's own booking by its code: the code alone shows the program, date, people and status;
    the tourist's name and contacts appear once the visitor proves the contact (last 4 digits of the phone
    or the e-mail, or the signed link of the e-mails), remembered in the session for that code. Lookups
    that are not yet verified are throttled per client address."""

    template_name = "tourism/booking_status.html"

    def render_page(self, request, booking, *, verified, form=None, status=200):
        return render(request, self.template_name, {
            "booking": booking, "community": booking.program.community, "verified": verified,
            "contact_form": form or BookingContactForm()}, status=status)

    def get(self, request, code):
        code = code.strip().upper()
        token = request.GET.get("t")
        if token is not None:
            if not _lookup_allowed(request, self):
                return _too_many_lookups(request)
            booking = selectors.booking_by_status_token(code=code, token=token)
            if booking is not None:
                _remember_verified(request, booking.code)
                return redirect(booking)  # the token leaves the address bar (and Referer headers)
            messages.error(request, BAD_LINK)
        verified = _session_verified(request, code)
        if not verified and token is None and not _lookup_allowed(request, self):
            return _too_many_lookups(request)
        booking = selectors.booking_by_code(code)
        if booking is None:
            raise Http404
        verified = verified or selectors.booking_managed_by(booking, user=request.user)
        return self.render_page(request, booking, verified=verified)

    def post(self, request, code):
        if not _lookup_allowed(request, self):
            return _too_many_lookups(request)
        booking = selectors.booking_by_code(code)
        if booking is None:
            raise Http404
        form = BookingContactForm(request.POST)
        if form.is_valid():
            if selectors.booking_contact_matches(booking, form.cleaned_data["contact"]):
                _remember_verified(request, booking.code)
                messages.success(request, _("ยืนยันข้อมูลผู้จองแล้ว"))
                return redirect(booking)
            form.add_error("contact", WRONG_CONTACT)
        return self.render_page(request, booking, verified=False, form=form, status=400)


class CommunityListView(FilterView):
    public_page = True  # anonymous visitors are served from core.pagecache
    template_name = "tourism/community_list.html"
    filterset_class = CommunityFilter
    paginate_by = 12

    def get_queryset(self):
        return selectors.community_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for community in ctx["object_list"]:
            community.card_photo = _first_photo(community)
        return ctx


class CommunityDetailView(DetailView):
    public_page = True  # anonymous visitors are served from core.pagecache
    template_name = "tourism/community_detail.html"
    context_object_name = "community"

    def get_queryset(self):
        return selectors.community_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        community = self.object
        photos = list(community.photos.all())
        programs = list(selectors.community_programs(community, user=self.request.user))
        for program in programs:
            program.card_photo = photos[0] if photos else None
        ctx.update({
            "photos": photos,
            "og_image": file_url(photos[0], "thumbnail") if photos else "",
            "programs": programs,
            "activities": selectors.community_activities(community),
        })
        if TourismCommunity.objects.editable_by(self.request.user).filter(pk=community.pk).exists():
            ctx["readiness_missing"] = community.readiness_missing(photo_count=len(photos))
            ctx["can_edit"] = True
        return ctx


class FairListView(ListView):
    """The OTOP fairs calendar, grouped by month."""
    public_page = True  # anonymous visitors are served from core.pagecache

    template_name = "tourism/fair_list.html"
    context_object_name = "fairs"

    def get_queryset(self):
        show_past = self.request.GET.get("past") == "1"
        return selectors.fair_list(user=self.request.user, upcoming_only=not show_past,
                                   today=timezone.localdate())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        months = OrderedDict()
        for fair in ctx["fairs"]:
            months.setdefault(fair.starts_on.replace(day=1), []).append(fair)
        ctx["months"] = months
        ctx["show_past"] = self.request.GET.get("past") == "1"
        return ctx


# --- Coordinator area --------------------------------------------------------------------


class CoordinatorMixin(LoginRequiredMixin):
    """Logged-in users; what they see is scoped by the querysets (a non-coordinator sees nothing)."""


class ManageBookingListView(CoordinatorMixin, FilterView):
    template_name = "tourism/manage/booking_list.html"
    filterset_class = BookingFilter
    paginate_by = 30

    def get_queryset(self):
        return selectors.bookings_for(user=self.request.user)

    def get_filterset(self, filterset_class):
        fs = super().get_filterset(filterset_class)
        fs.form.fields["community"].queryset = TourismCommunity.objects.editable_by(self.request.user)
        return fs


class ManageBookingDetailView(CoordinatorMixin, View):
    template_name = "tourism/manage/booking_detail.html"
    actions = {
        "confirm": (ConfirmForm, lambda b, u, d: services.booking_confirm(actor=u, booking=b, note=d["note"]),
                    gettext_lazy("ยืนยันการจองแล้ว และแจ้งนักท่องเที่ยวทางอีเมล")),
        "decline": (DeclineForm, lambda b, u, d: services.booking_decline(actor=u, booking=b, reason=d["reason"]),
                    gettext_lazy("ปฏิเสธการจองแล้ว และแจ้งนักท่องเที่ยวทางอีเมล")),
        "reschedule": (RescheduleForm,
                       lambda b, u, d: services.booking_reschedule(actor=u, booking=b, new_date=d["new_date"],
                                                                   note=d["note"]),
                       gettext_lazy("เลื่อนวันเดินทางแล้ว และแจ้งนักท่องเที่ยวทางอีเมล")),
    }

    def get_booking(self):
        return get_object_or_404(selectors.bookings_for(user=self.request.user), pk=self.kwargs["pk"])

    def render_page(self, booking, forms=None, status=200):
        forms = forms or {}
        ctx = {"booking": booking, "community": booking.program.community,
               "confirm_form": forms.get("confirm", ConfirmForm()),
               "decline_form": forms.get("decline", DeclineForm()),
               "reschedule_form": forms.get("reschedule", RescheduleForm()),
               "remaining": selectors.remaining_places(booking.program, booking.date)}
        return render(self.request, self.template_name, ctx, status=status)

    def get(self, request, pk):
        return self.render_page(self.get_booking())

    def post(self, request, pk):
        booking = self.get_booking()
        action = request.POST.get("action")
        if action not in self.actions:
            raise Http404
        form_class, run, done = self.actions[action]
        form = form_class(request.POST)
        if form.is_valid():
            try:
                run(booking, request.user, form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, done)
                return redirect("tourism:manage_booking_detail", pk=booking.pk)
        return self.render_page(booking, {action: form}, status=400)


class ManageVisitsView(CoordinatorMixin, View):
    """Coordinators record monthly visitors and tourism income; the list shows what was recorded."""

    template_name = "tourism/manage/visits.html"

    def communities(self):
        return TourismCommunity.objects.editable_by(self.request.user).order_by("name_th")

    def render_page(self, form, status=200):
        visits = selectors.visits_for(user=self.request.user)[:36]
        return render(self.request, self.template_name, {"form": form, "visits": visits}, status=status)

    def get(self, request):
        initial = {"month": timezone.localdate().replace(day=1)}
        return self.render_page(MonthlyVisitForm(initial=initial, communities=self.communities()))

    def post(self, request):
        form = MonthlyVisitForm(request.POST, communities=self.communities())
        if form.is_valid():
            try:
                services.visit_record_upsert(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("บันทึกสถิตินักท่องเที่ยวและรายได้แล้ว"))
                return redirect("tourism:manage_visits")
        return self.render_page(form, status=400)


class ManageProgramsView(CoordinatorMixin, View):
    """Coordinators see their programs with the community's readiness and publish them."""

    template_name = "tourism/manage/programs.html"

    def programs(self):
        return Program.objects.editable_by(self.request.user).select_related("community").order_by("title_th")

    def get(self, request):
        return self.render_page()

    def render_page(self, status=200):
        programs = list(self.programs())
        counts = selectors.photo_counts({p.community_id for p in programs})
        for program in programs:
            program.readiness_missing = program.community.readiness_missing(
                photo_count=counts.get(program.community_id, 0))
        communities = TourismCommunity.objects.editable_by(self.request.user).order_by("name_th")
        return render(request=self.request, template_name=self.template_name,
                      context={"programs": programs, "communities": communities}, status=status)

    def post(self, request):
        program = permissions.get_editable_or_denied(Program, request.user, pk=request.POST.get("program"))
        try:
            if request.POST.get("action") == "unpublish":
                services.program_unpublish(actor=request.user, program=program)
                messages.success(request, _("ยกเลิกการเผยแพร่แล้ว"))
            else:
                services.program_publish(actor=request.user, program=program)
                messages.success(request, _("เผยแพร่โปรแกรมแล้ว"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.render_page(status=400)
        return redirect(reverse("tourism:manage_programs"))


class ManageCommunityView(CoordinatorMixin, View):
    """A coordinator's page for one community: details, readiness checklist, photos, activities, programs."""

    template_name = "tourism/manage/community.html"

    def get_community(self):
        return permissions.get_editable_or_denied(TourismCommunity, self.request.user, slug=self.kwargs["slug"])

    def render_page(self, community, form=None, photo_form=None, status=200):
        photos = list(community.photos.all())
        ctx = {"community": community, "form": form or CommunityForm(instance=community),
               "photo_form": photo_form or CommunityPhotoForm(), "photos": photos,
               "readiness_missing": community.readiness_missing(photo_count=len(photos)),
               "activities": community.activities.all(),
               "programs": community.programs.all()}
        return render(self.request, self.template_name, ctx, status=status)

    def get(self, request, slug):
        return self.render_page(self.get_community())

    def post(self, request, slug):
        community = self.get_community()
        action = request.POST.get("action", "details")
        if action == "photo":
            photo_form = CommunityPhotoForm(request.POST, request.FILES)
            if photo_form.is_valid():
                try:
                    services.community_photo_add(actor=request.user, community=community,
                                                 image=photo_form.cleaned_data["image"],
                                                 caption=photo_form.cleaned_data["caption"])
                except ValidationError as exc:
                    add_service_errors(photo_form, exc)
                else:
                    messages.success(request, _("เพิ่มรูปภาพแล้ว"))
                    return redirect("tourism:manage_community", slug=community.slug)
            return self.render_page(community, photo_form=photo_form, status=400)
        if action == "delete_photo":
            photo = permissions.get_or_404(community.photos.all(), pk=request.POST.get("photo"))
            services.community_photo_delete(actor=request.user, photo=photo)
            messages.success(request, _("ลบรูปภาพแล้ว"))
            return redirect("tourism:manage_community", slug=community.slug)
        form = CommunityForm(request.POST, instance=TourismCommunity.objects.get(pk=community.pk))
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.changed_data}
            try:
                services.community_update(actor=request.user, community=community, **fields)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("บันทึกข้อมูลชุมชนแล้ว"))
                return redirect("tourism:manage_community", slug=community.slug)
        return self.render_page(community, form=form, status=400)


class ManageActivityView(CoordinatorMixin, View):
    template_name = "tourism/manage/activity_form.html"

    def get_objects(self):
        if "pk" in self.kwargs:
            activity = permissions.get_editable_or_denied(Activity, self.request.user, pk=self.kwargs["pk"])
            return activity.community, activity
        return permissions.get_editable_or_denied(TourismCommunity, self.request.user,
                                                  slug=self.kwargs["slug"]), None

    def render_page(self, community, activity, form, status=200):
        return render(self.request, self.template_name,
                      {"community": community, "activity": activity, "form": form}, status=status)

    def get(self, request, **kwargs):
        community, activity = self.get_objects()
        form = ActivityForm(instance=activity, community=community, user=request.user)
        return self.render_page(community, activity, form)

    def post(self, request, **kwargs):
        community, activity = self.get_objects()
        form = ActivityForm(request.POST, instance=activity or Activity(community=community), community=community,
                            user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.activity_save(actor=request.user, community=community, activity=activity, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("บันทึกกิจกรรมแล้ว"))
                return redirect("tourism:manage_community", slug=community.slug)
        return self.render_page(community, activity, form, status=400)


class ManageProgramView(CoordinatorMixin, View):
    """Create or edit a program and its itinerary (publishing is a separate step with the readiness rule)."""

    template_name = "tourism/manage/program_form.html"

    def get_objects(self):
        if "program" in self.kwargs:
            program = permissions.get_editable_or_denied(Program, self.request.user, slug=self.kwargs["program"])
            return program.community, program
        return permissions.get_editable_or_denied(TourismCommunity, self.request.user,
                                                  slug=self.kwargs["slug"]), None

    def render_page(self, community, program, form, formset, status=200):
        return render(self.request, self.template_name, {"community": community, "program": program,
                                                         "form": form, "formset": formset}, status=status)

    def get(self, request, **kwargs):
        community, program = self.get_objects()
        initial = [{"day": i.day, "start_time": i.start_time, "end_time": i.end_time, "activity": i.activity_id,
                    "note": i.note, "note_en": i.note_en}
                    for i in program.items.all()] if program else []
        formset = ProgramItemFormSet(initial=initial, form_kwargs={"activities": community.activities.all()},
                                     prefix="items")
        return self.render_page(community, program, ProgramForm(instance=program), formset)

    def post(self, request, **kwargs):
        community, program = self.get_objects()
        form = ProgramForm(request.POST, instance=program or Program(community=community))
        formset = ProgramItemFormSet(request.POST, form_kwargs={"activities": community.activities.all()},
                                     prefix="items")
        if form.is_valid() and formset.is_valid():
            items = [{k: v for k, v in f.cleaned_data.items() if k != "DELETE"} for f in formset.forms
                     if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            try:
                program = services.program_save(actor=request.user, community=community, program=program, items=items,
                                                 **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("บันทึกโปรแกรมแล้ว"))
                return redirect(program)
        return self.render_page(community, program, form, formset, status=400)
