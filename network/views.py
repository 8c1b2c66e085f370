"""Pages of the knowledge network: thin views over selectors (reads) and services (writes)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView
from django_filters.views import FilterView

from core import permissions
from core.forms import add_service_errors
from core.formviews import ServiceFormMixin, changed_fields
from core.throttles import AnonSubmissionThrottle

from . import selectors, services
from .choices import Audience, RegistrationStatus
from .filters import EventFilter, ExpertFilter, KnowledgeFilter, QuestionFilter
from .forms import (
    AnswerForm,
    ExpertProfileForm,
    KnowledgeForm,
    MemberRegistrationForm,
    PublicRegistrationForm,
    QuestionForm,
    SessionForm,
)
from .models import Answer, KnowledgeItem, Question, Registration


class HubView(TemplateView):
    """The public /network/ hub: upcoming events, some experts, the latest knowledge."""
    public_page = True  # anonymous visitors are served from core.pagecache

    template_name = "network/hub.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["upcoming"] = list(selectors.upcoming_events(user=user, limit=6))
        ctx["experts"] = list(selectors.expert_list(user=user)[:6])
        ctx["knowledge"] = list(selectors.knowledge_list(user=user).filter(status="published")[:6])
        ctx["tags"] = selectors.popular_tags(limit=15)
        return ctx


# --- Experts -------------------------------------------------------------------------------


class ExpertListView(FilterView):
    public_page = True  # anonymous visitors are served from core.pagecache
    filterset_class = ExpertFilter
    template_name = "network/expert_list.html"
    paginate_by = 24

    def get_queryset(self):
        return selectors.expert_list(user=self.request.user)


class ExpertDetailView(DetailView):
    public_page = True  # anonymous visitors are served from core.pagecache
    template_name = "network/expert_detail.html"
    context_object_name = "expert"

    def get_object(self, queryset=None):
        return permissions.get_visible_or_404(selectors.expert_list(user=self.request.user), self.request.user,
                                              slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["show_contact"] = permissions.is_member(user)
        ctx["events"] = selectors.event_list(user=user).filter(speakers=self.object).order_by("-starts_at")[:10]
        ctx["knowledge"] = selectors.knowledge_list(user=user).filter(experts=self.object)[:10]
        return ctx


class MyExpertProfileView(LoginRequiredMixin, ServiceFormMixin, UpdateView):
    """An expert account edits its own profile (404 for anyone without one)."""

    template_name = "network/expert_form.html"
    form_class = ExpertProfileForm
    context_object_name = "expert"
    success_message = _("บันทึกโปรไฟล์แล้ว")

    def get_object(self, queryset=None):
        profile = selectors.expert_profile_of(user=self.request.user)
        if profile is None:
            raise Http404
        return profile

    def perform(self, form):
        # the form changed its own copy of the profile; the service starts from the stored row
        return services.expert_update(actor=self.request.user, expert=self.get_object(), **changed_fields(form))

    def get_success_url(self):
        return self.object.get_absolute_url()


# --- Knowledge -----------------------------------------------------------------------------


class KnowledgeListView(FilterView):
    public_page = True  # anonymous visitors are served from core.pagecache
    filterset_class = KnowledgeFilter
    template_name = "network/knowledge_list.html"
    paginate_by = 24

    def get_queryset(self):
        return selectors.knowledge_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["tags"] = selectors.popular_tags(limit=20)
        return ctx


class KnowledgeDetailView(DetailView):
    public_page = True  # anonymous visitors are served from core.pagecache
    template_name = "network/knowledge_detail.html"
    context_object_name = "item"

    def get_object(self, queryset=None):
        return selectors.knowledge_detail(user=self.request.user, slug=self.kwargs["slug"])


class KnowledgeCreateView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """Any member (producers, experts, partners such as universities, staff) shares knowledge:
    a draft, sent to staff review if asked; nothing is public before staff publish it."""

    template_name = "network/knowledge_form.html"
    form_class = KnowledgeForm

    def perform(self, form):
        data = dict(form.cleaned_data)
        submit = data.pop("submit_for_review")
        item = services.knowledge_create(actor=self.request.user, **data)
        if submit:
            item = services.knowledge_submit(actor=self.request.user, item=item)
        messages.success(self.request, _("ส่งองค์ความรู้ให้เจ้าหน้าที่ตรวจแล้ว") if submit else _("บันทึกร่างแล้ว"))
        return item

    def get_success_url(self):
        return self.object.get_absolute_url()


class KnowledgeSubmitView(LoginRequiredMixin, View):
    def post(self, request, slug):
        item = permissions.get_editable_or_denied(KnowledgeItem, request.user, slug=slug)
        try:
            services.knowledge_submit(actor=request.user, item=item)
            messages.success(request, _("ส่งองค์ความรู้ให้เจ้าหน้าที่ตรวจแล้ว"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(item)


# --- Events --------------------------------------------------------------------------------


class EventListView(FilterView):
    public_page = True  # anonymous visitors are served from core.pagecache
    filterset_class = EventFilter
    template_name = "network/event_list.html"
    paginate_by = 20

    def get_queryset(self):
        return selectors.event_list(user=self.request.user)


class EventDetailView(DetailView):
    """The meeting link is rendered only for staff and confirmed participants."""
    public_page = True  # anonymous visitors are served from core.pagecache

    template_name = "network/event_detail.html"
    context_object_name = "event"

    def get_object(self, queryset=None):
        return selectors.event_detail(user=self.request.user, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, event = self.request.user, self.object
        registration = selectors.registration_of(event=event, user=user)
        ctx["registration"] = registration
        ctx["online_url"] = event.online_url if services.can_see_online_url(
            event, user, registration if not permissions.is_staff_user(user) else None) else ""
        ctx["is_open"] = services.registration_is_open(event)
        ctx["can_register"] = ctx["is_open"] and (registration is None
                                                  or registration.status == RegistrationStatus.CANCELLED)
        ctx["needs_login"] = event.audience == Audience.PRODUCERS and not permissions.is_producer(user)
        ctx["seats_left"] = max(event.capacity - event.confirmed_count, 0)
        ctx["is_staff"] = permissions.is_staff_user(user)
        return ctx


class EventRegisterView(View):
    """GET: the registration form (Thai, phone-friendly). POST: registration_register."""

    template_name = "network/event_register.html"

    def _event(self):
        return selectors.event_detail(user=self.request.user, slug=self.kwargs["slug"])

    def _form_class(self):
        return MemberRegistrationForm if self.request.user.is_authenticated else PublicRegistrationForm

    def _render(self, event, form):
        return render(self.request, self.template_name, {
            "event": event, "form": form, "is_open": services.registration_is_open(event),
            "needs_login": event.audience == Audience.PRODUCERS and not permissions.is_producer(self.request.user)})

    def get(self, request, slug):
        event = self._event()
        return self._render(event, self._form_class()())

    def post(self, request, slug):
        event = self._event()
        form = self._form_class()(request.POST)
        if not request.user.is_authenticated and not AnonSubmissionThrottle().allow_request(request, self):
            form.add_error(None, _("มีการลงทะเบียนจากเครือข่ายของคุณมากเกินไป กรุณาลองใหม่ภายหลัง"))
            response = self._render(event, form)
            response.status_code = 429
            return response
        if not form.is_valid():
            return self._render(event, form)
        data = form.cleaned_data
        try:
            reg = services.registration_register(
                actor=request.user, event=event,
                name=data.get("name", ""), email=data.get("email", ""), phone=data.get("phone", ""))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self._render(event, form)
        if reg.status == RegistrationStatus.CONFIRMED:
            messages.success(request, _("ลงทะเบียนเรียบร้อย ที่นั่งของคุณได้รับการยืนยันแล้ว"))
        else:
            messages.warning(request, _("ที่นั่งเต็มแล้ว คุณอยู่ในรายชื่อสำรอง เราจะแจ้งเมื่อมีที่ว่าง"))
        if request.user.is_authenticated:
            return redirect(event)
        return redirect(reverse("network:event_detail", kwargs={"slug": event.slug}) + "?registered=1")


class RegistrationCancelView(LoginRequiredMixin, View):
    def post(self, request, pk):
        reg = permissions.get_editable_or_denied(Registration, request.user, pk=pk)
        try:
            services.registration_cancel(actor=request.user, registration=reg)
            messages.success(request, _("ยกเลิกการลงทะเบียนแล้ว"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/network/")
                        else reverse("network:my_registrations"))


class EventAttendanceView(permissions.StaffRequiredMixin, View):
    """Staff tick who came. POST `attended` = list of registration ids present."""

    template_name = "network/event_attendance.html"

    def get(self, request, slug):
        event = selectors.event_detail(user=request.user, slug=slug)
        regs = selectors.event_registrations(event=event, user=request.user)
        return render(request, self.template_name, {"event": event, "registrations": regs})

    def post(self, request, slug):
        event = selectors.event_detail(user=request.user, slug=slug)
        present = set(request.POST.getlist("attended"))
        errors = []
        try:
            with transaction.atomic():  # the whole sheet or nothing
                for reg in selectors.event_registrations(event=event, user=request.user).filter(
                        status=RegistrationStatus.CONFIRMED):
                    services.registration_mark_attendance(actor=request.user, registration=reg,
                                                          attended=str(reg.pk) in present)
        except ValidationError as exc:
            errors.extend(exc.messages)
        if errors:
            messages.error(request, errors[0])
        else:
            messages.success(request, _("บันทึกการเข้าร่วมเรียบร้อย"))
        return redirect("network:event_attendance", slug=event.slug)


class CertificateView(LoginRequiredMixin, DetailView):
    """A printable certificate of attendance, for registrations marked as attended."""

    template_name = "network/certificate.html"
    context_object_name = "registration"

    def get_object(self, queryset=None):
        qs = Registration.objects.select_related("event").filter(attended=True)
        return permissions.get_visible_or_404(qs, self.request.user, pk=self.kwargs["pk"])


# --- Producer area ------------------------------------------------------------------------------


class MyRegistrationsView(LoginRequiredMixin, ListView):
    template_name = "network/my_registrations.html"
    context_object_name = "registrations"
    paginate_by = 30

    def get_queryset(self):
        return selectors.my_registrations(user=self.request.user)


class MyQuestionsView(LoginRequiredMixin, ListView):
    template_name = "network/my_questions.html"
    context_object_name = "questions"
    paginate_by = 30

    def get_queryset(self):
        return selectors.question_list(user=self.request.user).filter(asked_by=self.request.user)


class MyMentoringView(LoginRequiredMixin, ListView):
    template_name = "network/my_mentoring.html"
    context_object_name = "mentorships"
    paginate_by = 30

    def get_queryset(self):
        return selectors.mentorship_list(user=self.request.user)


class MentorshipDetailView(LoginRequiredMixin, DetailView):
    template_name = "network/mentorship_detail.html"
    context_object_name = "mentorship"

    def get_object(self, queryset=None):
        return selectors.mentorship_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_log"] = services.can_log_session(self.object, self.request.user) \
            and self.object.status == "active"
        ctx.setdefault("form", SessionForm())
        return ctx

    def post(self, request, pk):
        self.object = self.get_object()
        if not services.can_log_session(self.object, request.user):
            raise PermissionDenied
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                services.mentoring_session_log(actor=request.user, mentorship=self.object, **form.cleaned_data)
                messages.success(request, _("บันทึกการพบพี่เลี้ยงแล้ว"))
                return redirect(self.object)
            except ValidationError as exc:
                add_service_errors(form, exc)
        return self.render_to_response(self.get_context_data(form=form))


# --- Q&A ------------------------------------------------------------------------------------------


class QuestionListView(LoginRequiredMixin, FilterView):
    public_page = True  # anonymous visitors are served from core.pagecache
    filterset_class = QuestionFilter
    template_name = "network/question_list.html"
    paginate_by = 30

    def get_queryset(self):
        return selectors.question_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_ask"] = permissions.is_producer(self.request.user) or permissions.is_staff_user(
            self.request.user) or permissions.is_expert(self.request.user)
        return ctx


class QuestionCreateView(LoginRequiredMixin, ServiceFormMixin, FormView):
    template_name = "network/question_form.html"
    form_class = QuestionForm
    success_message = _("ส่งคำถามแล้ว ผู้เชี่ยวชาญและเพื่อนสมาชิกจะช่วยตอบ")

    def perform(self, form):
        return services.question_ask(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return self.object.get_absolute_url()


class QuestionDetailView(LoginRequiredMixin, DetailView):
    public_page = True  # anonymous visitors are served from core.pagecache
    template_name = "network/question_detail.html"
    context_object_name = "question"

    def get_object(self, queryset=None):
        return selectors.question_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["is_staff"] = permissions.is_staff_user(user)
        ctx["can_accept"] = ctx["is_staff"] or self.object.asked_by_id == user.pk
        ctx.setdefault("form", AnswerForm())
        return ctx

    def post(self, request, pk):
        self.object = self.get_object()
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.answer_post(actor=request.user, question=self.object, body=form.cleaned_data["body"])
                messages.success(request, _("ส่งคำตอบแล้ว"))
                return redirect(self.object)
            except ValidationError as exc:
                add_service_errors(form, exc)
        return self.render_to_response(self.get_context_data(form=form))


class ModerateView(LoginRequiredMixin, View):
    """Staff hide/unhide a question or an answer (POST hidden=1|0)."""

    model = Question

    def post(self, request, pk):
        obj = permissions.get_visible_or_404(self.model, request.user, pk=pk)
        services.moderate(actor=request.user, obj=obj, hidden=request.POST.get("hidden") == "1")
        question = obj if isinstance(obj, Question) else obj.question
        messages.success(request, _("บันทึกการดูแลเนื้อหาแล้ว"))
        return redirect(question)


class AnswerAcceptView(LoginRequiredMixin, View):
    def post(self, request, pk):
        answer = permissions.get_visible_or_404(Answer, request.user, pk=pk)
        try:
            services.answer_accept(actor=request.user, answer=answer)
            messages.success(request, _("เลือกคำตอบที่ดีที่สุดแล้ว"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(answer.question)


