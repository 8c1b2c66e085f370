from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView, UpdateView
from django_filters.views import FilterView

from . import pagecache, permissions, services, workspace
from .filters import ProducerGroupFilter
from .forms import ProducerGroupForm
from .models import District, ProducerGroup


class HomeView(TemplateView):
    public_page = True  # anonymous visitors are served from core.pagecache
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["districts"] = District.objects.filter(province_id="15")
        # The apps' sections, rendered once per content generation for anonymous visitors (core.pagecache).
        ctx["home_sections_html"] = pagecache.cached_fragment(
            self.request, "home-sections",
            lambda: render_to_string("includes/home_sections.html", {"home_sections": _home_sections(self.request)},
                                     request=self.request))
        return ctx


def _home_sections(request):
    """Each app may contribute sections to the home page through its AppConfig
    ``home_section(request) -> dict | list[dict] | None`` (each with a "template"
    and an "order"); the template reads its data from ``section``."""
    from django.apps import apps

    sections: list[dict] = []
    for config in apps.get_app_configs():
        build = getattr(config, "home_section", None)
        if build:
            found = build(request)
            if isinstance(found, dict):
                found = [found]
            sections.extend(s for s in found or [] if s)
    return sorted(sections, key=lambda s: s.get("order", 50))


class DashboardView(LoginRequiredMixin, TemplateView):
    """"My area": the user's workspace — for each role that applies, the queues of what to do next
    (core.workspace; the apps contribute the queues), phone first."""

    template_name = "core/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["my_groups"] = ProducerGroup.objects.editable_by(user).with_area() \
            if permissions.is_producer(user) else ProducerGroup.objects.none()
        ctx["workspace_sections"] = workspace.sections_for(user)
        return ctx


class ProducerGroupListView(permissions.VisibleObjectsMixin, FilterView):
    public_page = True  # anonymous visitors are served from core.pagecache
    model = ProducerGroup
    queryset = ProducerGroup.objects.with_area()
    filterset_class = ProducerGroupFilter
    template_name = "core/group_list.html"
    paginate_by = 24


class ProducerGroupDetailView(permissions.VisibleObjectsMixin, DetailView):
    public_page = True  # anonymous visitors are served from core.pagecache
    model = ProducerGroup
    queryset = ProducerGroup.objects.with_area()
    template_name = "core/group_detail.html"
    slug_url_kwarg = "slug"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = permissions.can_edit_group(self.request.user, self.object.pk)
        return ctx


class ProducerGroupUpdateView(LoginRequiredMixin, permissions.EditableObjectMixin, UpdateView):
    model = ProducerGroup
    form_class = ProducerGroupForm
    template_name = "core/group_form.html"

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        if "logo" in fields and not fields["logo"]:
            fields["logo"] = None
        self.object = services.producer_group_update(actor=self.request.user, group=form.instance, **fields)
        messages.success(self.request, _("บันทึกข้อมูลกลุ่มเรียบร้อยแล้ว"))
        return redirect(self.object)


def server_error(request):
    """handler500: an unhandled error raised outside a view (a middleware reading the session or the user)
    because PostgreSQL is unreachable is the same clean 503 as core.middleware.DatabaseUnavailableMiddleware
    gives inside views; anything else is Django's plain 500 page (templates/500.html)."""
    import sys

    from django.views import defaults

    from .middleware import database_unavailable, database_unavailable_response

    if database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response(request)
    return defaults.server_error(request)
