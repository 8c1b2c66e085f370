"""Pages of the products app. Thin: permissions from visible_to/editable_by, writes via services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_filters.views import FilterView

from core import files, permissions
from core.forms import add_service_errors
from core.models import ProducerGroup
from core.thai_dates import current_fiscal_year

from . import selectors, services
from .choices import STAGE_ORDER, MarketingSkill, Stage, stage_index
from .filters import DevelopmentProjectFilter, ProductFilter
from .forms import (
    AssessmentForm,
    AttachmentForm,
    CertificationForm,
    MarketingSkillForm,
    MoveStageForm,
    PhotoForm,
    ProductForm,
    ProjectForm,
    StageRecordForm,
)
from .models import (
    Certification,
    ChecklistPart,
    DevelopmentProject,
    GroupMarketingSkill,
    Product,
    ProductPhoto,
    StageRecord,
)


def _require_writer(user) -> None:
    if not (permissions.is_staff_user(user) or permissions.is_producer(user)):
        raise PermissionDenied(_("เฉพาะผู้ผลิตและเจ้าหน้าที่เท่านั้น"))


# --- Catalogue --------------------------------------------------------------------------


class ProductListView(FilterView):
    """Public catalogue /products/ with filters (type, district, stars, standard, price)."""
    public_page = True  # anonymous visitors are served from core.pagecache

    filterset_class = ProductFilter
    template_name = "products/product_list.html"
    paginate_by = 24

    def get_queryset(self):
        return selectors.product_cards(user=self.request.user)


class ProductDetailView(TemplateView):
    public_page = True  # anonymous visitors are served from core.pagecache
    template_name = "products/product_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        product = selectors.product_detail(user=user, slug=kwargs["slug"])
        photos = list(product.photos.all())
        ctx.update(
            product=product, object=product, photos=photos,
            og_image=files.file_url(photos[0], "image") if photos else "",
            wisdom=(wisdom := list(selectors.visible_wisdom(user=user, product=product))),
            credited_holders=selectors.credited_holders(wisdom=wisdom),
            programs=list(selectors.related_programs(user=user, product=product)),
            order_links=selectors.order_links(product=product),
            can_edit=permissions.can_edit_group(user, product.group_id),
            assessments=list(selectors.assessments_for(user=user, product=product))
            if permissions.is_staff_user(user) or permissions.can_edit_group(user, product.group_id) else [],
            publish_problems=services.publish_problems(product)
            if permissions.can_edit_group(user, product.group_id) and not product.is_published else [],
        )
        return ctx


class MyProductsView(LoginRequiredMixin, TemplateView):
    """The products of the producer's own groups (drafts too)."""

    template_name = "products/my_products.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["products"] = selectors.product_list(user=self.request.user).filter(
            pk__in=Product.objects.editable_by(self.request.user).values("pk")).order_by("group__name_th", "name_th")
        return ctx


class ProductCreateView(LoginRequiredMixin, View):
    template = "products/product_form.html"

    def get(self, request):
        _require_writer(request.user)
        return render(request, self.template, {"form": ProductForm(user=request.user)})

    def post(self, request):
        _require_writer(request.user)
        form = ProductForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                product = services.product_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("บันทึกผลิตภัณฑ์แล้ว (ฉบับร่าง) เพิ่มรูปภาพแล้วกดเผยแพร่ได้"))
                return redirect("products:photos", slug=product.slug)
        return render(request, self.template, {"form": form}, status=400)


class ProductUpdateView(LoginRequiredMixin, View):
    template = "products/product_form.html"

    def get_product(self, request, slug):
        return permissions.get_editable_or_denied(Product.objects.all(), request.user, slug=slug)

    def get(self, request, slug):
        product = self.get_product(request, slug)
        return render(request, self.template, {"form": ProductForm(instance=product, user=request.user),
                                               "product": product})

    def post(self, request, slug):
        product = self.get_product(request, slug)
        form = ProductForm(request.POST, instance=product, user=request.user)
        if form.is_valid():
            try:
                product = services.product_update(actor=request.user, product=Product.objects.get(pk=product.pk),
                                                  **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("บันทึกการแก้ไขแล้ว"))
                return redirect(product)
        return render(request, self.template, {"form": form, "product": product}, status=400)


class ProductPublishView(LoginRequiredMixin, View):
    def post(self, request, slug):
        product = permissions.get_editable_or_denied(Product.objects.all(), request.user, slug=slug)
        try:
            if request.POST.get("action") == "unpublish":
                services.product_unpublish(actor=request.user, product=product)
                messages.success(request, _("ซ่อนผลิตภัณฑ์จากแคตตาล็อกแล้ว"))
            else:
                services.product_publish(actor=request.user, product=product)
                messages.success(request, _("เผยแพร่ผลิตภัณฑ์แล้ว"))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect(product)


class ProductPhotosView(LoginRequiredMixin, View):
    """Manage the gallery: upload, order, delete (producer of the group or staff)."""

    template = "products/product_photos.html"

    def get_product(self, request, slug):
        return permissions.get_editable_or_denied(Product.objects.all(), request.user, slug=slug)

    def render_page(self, request, product, form, status=200):
        return render(request, self.template, {"product": product, "form": form,
                                               "photos": list(product.photos.all())}, status=status)

    def get(self, request, slug):
        return self.render_page(request, self.get_product(request, slug), PhotoForm())

    def post(self, request, slug):
        product = self.get_product(request, slug)
        op = request.POST.get("op")
        if op in ("up", "down", "delete"):
            photo = permissions.get_or_404(ProductPhoto.objects.filter(product=product), pk=request.POST.get("photo"))
            if op == "delete":
                services.product_photo_delete(actor=request.user, photo=photo)
            else:
                ids = list(product.photos.values_list("pk", flat=True))
                i = ids.index(photo.pk)
                j = i - 1 if op == "up" else i + 1
                if 0 <= j < len(ids):
                    ids[i], ids[j] = ids[j], ids[i]
                    services.product_photos_reorder(actor=request.user, product=product, photo_ids=ids)
            return redirect("products:photos", slug=product.slug)
        form = PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.product_photo_add(actor=request.user, product=product, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("เพิ่มรูปภาพแล้ว"))
                return redirect("products:photos", slug=product.slug)
        return self.render_page(request, product, form, status=400)


class ProductStandardsView(LoginRequiredMixin, View):
    """Standards and certifications of a product (add / remove)."""

    template = "products/product_standards.html"

    def get_product(self, request, slug):
        return permissions.get_editable_or_denied(Product.objects.all(), request.user, slug=slug)

    def render_page(self, request, product, form, status=200):
        return render(request, self.template, {"product": product, "form": form,
                                               "certifications": list(product.certifications.all())},
                      status=status)

    def get(self, request, slug):
        return self.render_page(request, self.get_product(request, slug), CertificationForm())

    def post(self, request, slug):
        product = self.get_product(request, slug)
        if request.POST.get("op") == "delete":
            cert = permissions.get_or_404(Certification.objects.filter(product=product),
                                          pk=request.POST.get("certification"))
            services.certification_delete(actor=request.user, certification=cert)
            return redirect("products:standards", slug=product.slug)
        form = CertificationForm(request.POST, instance=Certification(product=product))
        if form.is_valid():
            try:
                services.certification_add(actor=request.user, product=product, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("บันทึกมาตรฐานแล้ว"))
                return redirect("products:standards", slug=product.slug)
        return self.render_page(request, product, form, status=400)


class AssessmentView(permissions.StaffRequiredMixin, View):
    """Staff record a product's segment assessment for a fiscal year (services.assessment_record)."""

    template = "products/assessment_form.html"

    def setup_page(self, request, slug):
        product = permissions.get_visible_or_404(Product.objects.select_related("group"), request.user, slug=slug)
        parts = list(ChecklistPart.objects.prefetch_related("options"))
        return product, parts

    def render_page(self, request, product, form, status=200):
        history = list(selectors.assessments_for(user=request.user, product=product))
        return render(request, self.template, {"product": product, "form": form, "history": history},
                      status=status)

    def get(self, request, slug):
        product, parts = self.setup_page(request, slug)
        year = current_fiscal_year()
        initial = {"fiscal_year": year}
        existing = product.assessments.filter(fiscal_year=year).first()
        if existing:
            chosen = {row.part.number: row.option_id for row in existing.answer_rows.select_related("part")}
            initial.update({f"part_{n}": pk for n, pk in chosen.items()}, notes=existing.notes,
                           override_quadrant=existing.override_quadrant_id, override_reason=existing.override_reason)
        return self.render_page(request, product, AssessmentForm(parts=parts, initial=initial))

    def post(self, request, slug):
        product, parts = self.setup_page(request, slug)
        form = AssessmentForm(request.POST, parts=parts)
        if form.is_valid():
            try:
                assessment = services.assessment_record(actor=request.user, product=product, fiscal_year=form.cleaned_data["fiscal_year"],
                    answers=form.answers(), notes=form.cleaned_data["notes"],
                    override_quadrant=form.cleaned_data["override_quadrant"],
                    override_reason=form.cleaned_data["override_reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if assessment.quadrant:
                    messages.success(request, _("บันทึกแล้ว: กลุ่ม %(q)s") % {"q": assessment.quadrant})
                else:
                    messages.warning(request, _("บันทึกแล้ว แต่คำตอบไม่ตรงกฎใด กรุณากำหนดกลุ่มเองพร้อมเหตุผล"))
                return redirect("products:assess", slug=product.slug)
        return self.render_page(request, product, form, status=400)


class QuadrantChartView(permissions.StaffRequiredMixin, TemplateView):
    """Staff: products per quadrant per district, and how many moved out of D."""

    template_name = "products/quadrant_chart.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        try:
            year = int(self.request.GET.get("year") or current_fiscal_year())
        except ValueError:
            year = current_fiscal_year()
        ctx["chart"] = selectors.quadrant_chart(fiscal_year=year)
        ctx["years"] = list(range(current_fiscal_year() + 1, current_fiscal_year() - 5, -1))
        return ctx


# --- Pipeline ----------------------------------------------------------------------------------


class PipelineView(LoginRequiredMixin, FilterView):
    """Kanban board /products/pipeline/: staff see every project, producers their groups',
    partners the ones they design with. Overdue stages are highlighted."""

    filterset_class = DevelopmentProjectFilter
    template_name = "products/pipeline.html"

    def get_queryset(self):
        return selectors.project_list(user=self.request.user).order_by("title")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["columns"] = selectors.project_board(projects=ctx["object_list"])
        ctx["can_create"] = permissions.is_staff_user(self.request.user) or \
            permissions.is_producer(self.request.user)
        return ctx


class ProjectCreateView(LoginRequiredMixin, View):
    template = "products/project_form.html"

    def get(self, request):
        _require_writer(request.user)
        initial = {"fiscal_year": current_fiscal_year()}
        product_id = request.GET.get("product", "")
        if product_id.isdigit():
            product = Product.objects.editable_by(request.user).filter(pk=int(product_id)).first()
            if product:
                initial.update(product=product.pk, group=product.group_id,
                               title=_("พัฒนา%(name)s") % {"name": product.name_th})
        return render(request, self.template, {"form": ProjectForm(user=request.user, initial=initial)})

    def post(self, request):
        _require_writer(request.user)
        form = ProjectForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                project = services.project_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("สร้างโครงการแล้ว"))
                return redirect(project)
        return render(request, self.template, {"form": form}, status=400)


class ProjectUpdateView(LoginRequiredMixin, View):
    template = "products/project_form.html"

    def get_project(self, request, pk):
        return permissions.get_editable_or_denied(DevelopmentProject.objects.all(), request.user, pk=pk)

    def get(self, request, pk):
        project = self.get_project(request, pk)
        return render(request, self.template, {"form": ProjectForm(instance=project, user=request.user),
                                               "project": project})

    def post(self, request, pk):
        project = self.get_project(request, pk)
        form = ProjectForm(request.POST, instance=project, user=request.user)
        if form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k != "group"}
            try:
                project = services.project_update(actor=request.user, project=project, **fields)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("บันทึกการแก้ไขแล้ว"))
                return redirect(project)
        return render(request, self.template, {"form": form, "project": project}, status=400)


class ProjectDetailView(LoginRequiredMixin, View):
    template = "products/project_detail.html"

    def render_page(self, request, project, move_form=None, status=200):
        user = request.user
        can_edit = DevelopmentProject.objects.editable_by(user).filter(pk=project.pk).exists()
        records = list(project.stage_records.all())
        current = stage_index(project.stage)
        next_stage = STAGE_ORDER[current + 1] if current + 1 < len(STAGE_ORDER) else None
        figures = [{"label": label, "before": getattr(project, f"{name}_before"),
                    "after": getattr(project, f"{name}_after"), "money": name in ("price", "monthly_sales",
                                                                                  "unit_cost")}
                   for name, label in [("price", _("ราคา (บาท)")), ("monthly_units", _("ยอดขายต่อเดือน (หน่วย)")),
                                       ("monthly_sales", _("ยอดขายต่อเดือน (บาท)")),
                                       ("unit_cost", _("ต้นทุนต่อหน่วย (บาท)")),
                                       ("channels", _("จำนวนช่องทางจำหน่าย"))]]
        ctx = {
            "project": project, "records": records, "can_edit": can_edit, "figures": figures,
            "is_staff": permissions.is_staff_user(user), "next_stage": next_stage,
            "next_stage_label": Stage(next_stage).label if next_stage else "",
            "missing": services.stage_requirements_missing(project, next_stage) if next_stage and can_edit else [],
            "move_form": move_form or MoveStageForm(initial={"stage": next_stage}),
            "record_forms": {r.pk: StageRecordForm(instance=r, prefix=f"r{r.pk}") for r in records},
            # One attachment form per stage on the page: ids of their own (the field names stay the same).
            "attachment_forms": {r.pk: AttachmentForm(auto_id=f"id_r{r.pk}_attach_%s") for r in records},
            "current_index": current,
        }
        return render(request, self.template, ctx, status=status)

    def get(self, request, pk):
        return self.render_page(request, selectors.project_detail(user=request.user, pk=pk))


class ProjectMoveStageView(LoginRequiredMixin, View):
    """POST: move the project's stage through services.project_move_stage."""

    def post(self, request, pk):
        project = permissions.get_editable_or_denied(DevelopmentProject.objects.all(), request.user, pk=pk)
        form = MoveStageForm(request.POST)
        if form.is_valid():
            status = 400
            try:
                services.project_move_stage(actor=request.user, project=project,
                                            to_stage=form.cleaned_data["stage"], reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied as exc:  # e.g. a producer skipping a stage: say why, on the page
                form.add_error(None, str(exc) or _("คุณไม่มีสิทธิ์เลื่อนขั้นตอนนี้"))
                status = 403
            else:
                messages.success(request, _("เลื่อนขั้นตอนแล้ว"))
                return redirect(project)
            return ProjectDetailView().render_page(request, selectors.project_detail(user=request.user, pk=pk),
                                                   move_form=form, status=status)
        return ProjectDetailView().render_page(request, selectors.project_detail(user=request.user, pk=pk),
                                               move_form=form, status=400)


class StageRecordUpdateView(LoginRequiredMixin, View):
    """POST: a stage's target date and notes, or an attachment (?op=attach)."""

    def post(self, request, pk):
        record = permissions.get_editable_or_denied(
            StageRecord.objects.select_related("project"), request.user, pk=pk)
        if request.POST.get("op") == "attach":
            form = AttachmentForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    services.stage_attachment_add(actor=request.user, record=record, **form.cleaned_data)
                    messages.success(request, _("แนบไฟล์แล้ว"))
                except ValidationError as exc:
                    for message in exc.messages:
                        messages.error(request, message)
            else:
                messages.error(request, _("กรุณาเลือกไฟล์"))
        else:
            form = StageRecordForm(request.POST, instance=record, prefix=f"r{record.pk}")
            if form.is_valid():
                services.stage_record_update(actor=request.user, record=StageRecord.objects.get(pk=record.pk),
                                             **form.cleaned_data)
                messages.success(request, _("บันทึกขั้นตอนแล้ว"))
            else:
                for errors in form.errors.values():
                    for message in errors:
                        messages.error(request, message)
        return redirect(record.project)


class MarketingSkillsView(LoginRequiredMixin, View):
    """A group's online-marketing skills checklist with dates."""

    template = "products/marketing_skills.html"

    def get_group(self, request, slug):
        return permissions.get_editable_or_denied(ProducerGroup.objects.all(), request.user, slug=slug)

    def render_page(self, request, group, form, status=200):
        done = {s.skill: s for s in GroupMarketingSkill.objects.filter(group=group).select_related("training")}
        items = [{"value": value, "label": label, "done": done.get(value)} for value, label in MarketingSkill.choices]
        return render(request, self.template, {"group": group, "items": items, "form": form,
                                               "progress": len(done)}, status=status)

    def get(self, request, slug):
        return self.render_page(request, self.get_group(request, slug), MarketingSkillForm(user=request.user))

    def post(self, request, slug):
        group = self.get_group(request, slug)
        if request.POST.get("op") == "clear":
            services.marketing_skill_clear(actor=request.user, group=group, skill=request.POST.get("skill", ""))
            return redirect("products:skills", slug=group.slug)
        form = MarketingSkillForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.marketing_skill_set(actor=request.user, group=group, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("บันทึกทักษะแล้ว"))
                return redirect("products:skills", slug=group.slug)
        return self.render_page(request, group, form, status=400)


class MySkillsView(LoginRequiredMixin, View):
    """Shortcut: the checklist of the producer's first group (or a list for several)."""

    def get(self, request):
        groups = list(ProducerGroup.objects.editable_by(request.user).order_by("name_th")[:50])
        if len(groups) == 1:
            return redirect("products:skills", slug=groups[0].slug)
        return render(request, "products/skills_groups.html", {"groups": groups})


