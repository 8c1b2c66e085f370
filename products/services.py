"""Writes of the products app: the catalogue, the quadrant rule, the development pipeline.

Every page, API endpoint and admin action calls these functions (never a bare save()).
Permission checks are repeated here so that no caller can forget them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.services import unique_slug
from core.uploads import stripped_copy, thumbnail, validate_image_file, validate_pdf_file

from .choices import STAGE_ORDER, AttachmentKind, PublishStatus, Stage, stage_index
from .models import (
    Assessment,
    AssessmentAnswer,
    Certification,
    ChecklistOption,
    ChecklistPart,
    DevelopmentProject,
    GroupMarketingSkill,
    Product,
    ProductPhoto,
    Quadrant,
    QuadrantRule,
    StageAttachment,
    StageRecord,
    StageTransition,
    StarRating,
)

PRODUCT_FIELDS = {"name_th", "name_en", "product_type", "description", "story", "price", "unit",
                  "shop_address", "online_shop_url", "line_id", "facebook_url"}
PROJECT_FIELDS = {"title", "product", "fiscal_year", "idea", "designer_name", "partner", "design_ideas",
                  "uses_packaging", "uses_production_technique", "uses_food_safety", "uses_digital_tools",
                  "technology_notes", "market_feedback", "trial_units_sold",
                  *(f"{f}_{w}" for f in DevelopmentProject.FIGURES for w in ("before", "after"))}


def _require_group_editor(user, group_id: int) -> None:
    if not permissions.can_edit_group(user, group_id):
        raise PermissionDenied(_("คุณไม่มีสิทธิ์จัดการข้อมูลของกลุ่มนี้"))


def _require_staff(user) -> None:
    if not permissions.is_staff_user(user):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้น"))


def _apply(obj, fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("แก้ไขข้อมูลนี้ไม่ได้: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(obj, name, value)


# Fixed paths under /products/ that a product slug must not take.
RESERVED_SLUGS = {"mine", "new", "quadrants", "pipeline", "projects", "stages", "skills"}


def _product_slug(text: str) -> str:
    slug = unique_slug(Product, text)
    if slug in RESERVED_SLUGS:
        slug = unique_slug(Product, f"product-{slug}")
    return slug


# --- Catalogue --------------------------------------------------------------------------


@transaction.atomic
def product_create(*, user, group, name_th: str, product_type: str, wisdom_records: Iterable | None = None,
                   is_demo: bool = False, **fields) -> Product:
    """A producer creates a draft product for one of their own groups (staff for any group).
    A group may not have two products with the same Thai name (database constraint)."""
    _require_group_editor(user, group.pk)
    product = Product(group=group, name_th=name_th, product_type=product_type, is_demo=is_demo)
    _apply(product, fields, PRODUCT_FIELDS)
    product.slug = _product_slug(fields.get("name_en") or name_th)
    product.full_clean()
    product.save()
    if wisdom_records is not None:
        product.wisdom_records.set(wisdom_records)
    return product


@transaction.atomic
def product_update(*, user, product: Product, group=None, wisdom_records: Iterable | None = None,
                   **fields) -> Product:
    """Change a product. Producers only for their groups (and only move it to another group of
    theirs). A published product whose new wisdom links lack consent is refused."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    _require_group_editor(user, product.group_id)
    if group is not None and group.pk != product.group_id:
        _require_group_editor(user, group.pk)
        product.group = group
    _apply(product, fields, PRODUCT_FIELDS)
    product.full_clean()
    product.save()
    if wisdom_records is not None:
        product.wisdom_records.set(wisdom_records)
        if product.status == PublishStatus.PUBLISHED:
            problems = publish_problems(product)
            if problems:
                raise ValidationError(problems)
    return product


def publish_problems(product: Product) -> list[str]:
    """Thai reasons why `product` may not be published (empty = it may).

    Rule: a product that builds on a wisdom record whose knowledge holders' consent is
    pending or withdrawn must not be published (wisdom.selectors.consent_blockers)."""
    from wisdom.selectors import consent_blockers

    blockers = consent_blockers(list(product.wisdom_records.all()))
    return [_("เผยแพร่ไม่ได้: %(reason)s") % {"reason": reason} for reason in blockers.values()]


@transaction.atomic
def product_publish(*, user, product: Product) -> Product:
    """Publish a product (owner group or staff), refused with the reason when a linked wisdom
    record lacks its holders' consent."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    _require_group_editor(user, product.group_id)
    problems = publish_problems(product)
    if problems:
        raise ValidationError(problems)
    product.status = PublishStatus.PUBLISHED
    product.published_at = product.published_at or timezone.now()
    product.save(update_fields=["status", "published_at", "updated_at"])
    return product


@transaction.atomic
def product_unpublish(*, user, product: Product) -> Product:
    product = Product.objects.select_for_update().get(pk=product.pk)
    _require_group_editor(user, product.group_id)
    product.status = PublishStatus.DRAFT
    product.save(update_fields=["status", "updated_at"])
    return product


@transaction.atomic
def product_photo_add(*, user, product: Product, image, caption: str = "", is_demo: bool = False) -> ProductPhoto:
    """Add a photo at the end of the gallery. The file must be a real image (Pillow);
    only a re-encoded copy without EXIF/GPS and a thumbnail are stored."""
    _require_group_editor(user, product.group_id)
    validate_image_file(image)
    Product.objects.select_for_update().filter(pk=product.pk).first()  # serialise positions
    last = product.photos.aggregate(m=Max("position"))["m"]
    photo = ProductPhoto(product=product, caption=caption, position=0 if last is None else last + 1,
                         is_demo=is_demo)
    name = getattr(image, "name", "photo")
    clean = stripped_copy(image, name)
    photo.image.save(clean.name, clean, save=False)
    thumb = thumbnail(image, name)
    photo.thumbnail.save(thumb.name, thumb, save=False)
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def product_photo_delete(*, user, photo: ProductPhoto) -> None:
    _require_group_editor(user, photo.product.group_id)
    photo.image.delete(save=False)
    photo.thumbnail.delete(save=False)
    photo.delete()


@transaction.atomic
def product_photos_reorder(*, user, product: Product, photo_ids: list[int]) -> None:
    """Set the gallery order: `photo_ids` must be exactly the product's photos."""
    _require_group_editor(user, product.group_id)
    photos = {p.pk: p for p in product.photos.select_for_update()}
    if sorted(photo_ids) != sorted(photos):
        raise ValidationError(_("รายการรูปภาพไม่ตรงกับรูปของผลิตภัณฑ์นี้"))
    for position, pk in enumerate(photo_ids):
        photo = photos[pk]
        if photo.position != position:
            photo.position = position
            photo.save(update_fields=["position", "updated_at"])


@transaction.atomic
def certification_add(*, user, product: Product, kind: str, number: str = "", kind_other: str = "",
                      issued_on: dt.date | None = None, expires_on: dt.date | None = None,
                      is_demo: bool = False) -> Certification:
    _require_group_editor(user, product.group_id)
    cert = Certification(product=product, kind=kind, number=number, kind_other=kind_other,
                         issued_on=issued_on, expires_on=expires_on, is_demo=is_demo)
    cert.full_clean()
    cert.save()
    return cert


@transaction.atomic
def certification_delete(*, user, certification: Certification) -> None:
    _require_group_editor(user, certification.product.group_id)
    certification.delete()


@transaction.atomic
def star_rating_set(*, user, product: Product, year: int, stars: int, is_demo: bool = False) -> StarRating:
    """Record the OTOP Product Champion stars of a year's round (staff; one per product and year)."""
    _require_staff(user)
    rating = StarRating.objects.filter(product=product, year=year).first() or \
        StarRating(product=product, year=year, is_demo=is_demo)
    rating.stars = stars
    rating.full_clean()
    rating.save()
    return rating


# --- Quadrant classification ---------------------------------------------------------------


def active_rules() -> list[QuadrantRule]:
    return list(QuadrantRule.objects.filter(is_active=True).select_related("quadrant")
                .prefetch_related("options").order_by("priority", "id"))


def quadrant_for_answers(options: Iterable[ChecklistOption], *,
                         rules: list[QuadrantRule] | None = None) -> Quadrant | None:
    """THE quadrant rule. Rules (staff-edited rows) are tried in ascending priority; a rule matches
    when, for every checklist part in which it lists options, the chosen option of that part is one
    of them (parts it does not mention are "whatever"). The first matching rule's quadrant is the
    result; None when no rule matches (the assessment is "unclassified" and needs staff review).
    A rule with no options matches nothing (an empty row must not classify everything)."""
    chosen = {o.pk for o in options}
    for rule in rules if rules is not None else active_rules():
        by_part: dict[int, set[int]] = defaultdict(set)
        for option in rule.options.all():
            by_part[option.part_id].add(option.pk)
        if by_part and all(chosen & allowed for allowed in by_part.values()):
            return rule.quadrant
    return None


def _resolve_answers(answers: Iterable) -> list[ChecklistOption]:
    """Accept ChecklistOption objects, ids or codes ("1.3"); one answer for each of the parts."""
    items = list(answers)
    codes = [a for a in items if isinstance(a, str)]
    ids = [a for a in items if isinstance(a, int)]
    objs = [a for a in items if isinstance(a, ChecklistOption)]
    found = list(ChecklistOption.objects.filter(code__in=codes)) if codes else []
    if len(found) != len(set(codes)):
        missing = set(codes) - {o.code for o in found}
        raise ValidationError({"answers": _("ไม่พบตัวเลือก %(c)s") % {"c": ", ".join(sorted(missing))}})
    found_ids = list(ChecklistOption.objects.filter(pk__in=ids)) if ids else []
    if len(found_ids) != len(set(ids)):
        raise ValidationError({"answers": _("ไม่พบตัวเลือกที่ระบุ")})
    options = [*objs, *found, *found_ids]
    parts = set(ChecklistPart.objects.values_list("pk", flat=True))
    seen: dict[int, ChecklistOption] = {}
    for option in options:
        if option.part_id in seen and seen[option.part_id].pk != option.pk:
            raise ValidationError({"answers": _("ตอบได้หัวข้อละหนึ่งตัวเลือก")})
        seen[option.part_id] = option
    if set(seen) != parts:
        raise ValidationError({"answers": _("กรุณาตอบเกณฑ์ให้ครบทุกหัวข้อ (%(n)s หัวข้อ)") % {"n": len(parts)}})
    return list(seen.values())


@transaction.atomic
def assessment_record(*, user, product: Product, fiscal_year: int, answers: Iterable,
                      notes: str = "", assessed_on: dt.date | None = None,
                      override_quadrant: Quadrant | None = None, override_reason: str = "",
                      is_demo: bool = False) -> Assessment:
    """Staff record (or re-record) the segment assessment of a product for a fiscal year (B.E.):
    one option per checklist part; the quadrant is computed by quadrant_for_answers over the rule
    table. An override needs a reason; both are kept beside the computed result."""
    _require_staff(user)
    options = _resolve_answers(answers)
    assessment = Assessment.objects.select_for_update().filter(product=product, fiscal_year=fiscal_year).first()
    if assessment is None:
        assessment = Assessment(product=product, fiscal_year=fiscal_year, is_demo=is_demo)
    assessment.notes = notes
    assessment.assessed_on = assessed_on or timezone.localdate()
    assessment.assessed_by = user if getattr(user, "pk", None) else None
    assessment.computed_quadrant = quadrant_for_answers(options)
    assessment.override_quadrant = override_quadrant
    assessment.override_reason = override_reason.strip() if override_quadrant else ""
    if override_quadrant is not None and not assessment.override_reason:
        raise ValidationError({"override_reason": _("กรุณาระบุเหตุผลที่กำหนดกลุ่มเอง")})
    assessment.quadrant = assessment.override_quadrant or assessment.computed_quadrant
    assessment.full_clean()
    assessment.save()
    assessment.answer_rows.all().delete()
    AssessmentAnswer.objects.bulk_create(
        [AssessmentAnswer(assessment=assessment, part_id=o.part_id, option=o) for o in options])
    return assessment


@transaction.atomic
def assessment_override(*, user, assessment: Assessment, quadrant: Quadrant | None, reason: str = "") -> Assessment:
    """Staff set (or clear, with quadrant=None) the quadrant by hand, with a reason that is kept."""
    _require_staff(user)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if quadrant is not None and not reason.strip():
        raise ValidationError({"override_reason": _("กรุณาระบุเหตุผลที่กำหนดกลุ่มเอง")})
    assessment.override_quadrant = quadrant
    assessment.override_reason = reason.strip() if quadrant else ""
    assessment.quadrant = quadrant or assessment.computed_quadrant
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def assessment_recompute(*, user, assessment: Assessment) -> Assessment:
    """Compute the quadrant again from the stored answers (after staff edited the rule table)."""
    _require_staff(user)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    assessment.computed_quadrant = quadrant_for_answers(assessment.answers.all())
    assessment.quadrant = assessment.override_quadrant or assessment.computed_quadrant
    assessment.save(update_fields=["computed_quadrant", "quadrant", "updated_at"])
    return assessment


# --- Development projects --------------------------------------------------------------------


@transaction.atomic
def project_create(*, user, group, title: str, fiscal_year: int, product: Product | None = None,
                   target_dates: dict[str, dt.date] | None = None, is_demo: bool = False,
                   **fields) -> DevelopmentProject:
    """Start a development project for a group's product (or a new product idea), at the
    assessment stage, with one stage record per stage (target dates optional)."""
    _require_group_editor(user, group.pk)
    if product is not None and product.group_id != group.pk:
        raise ValidationError({"product": _("ผลิตภัณฑ์ต้องเป็นของกลุ่มเดียวกับโครงการ")})
    project = DevelopmentProject(group=group, title=title, fiscal_year=fiscal_year, product=product,
                                 created_by=user if getattr(user, "pk", None) else None, is_demo=is_demo)
    _apply(project, fields, PROJECT_FIELDS)
    project.full_clean()
    project.save()
    target_dates = target_dates or {}
    StageRecord.objects.bulk_create([
        StageRecord(project=project, stage=stage, target_date=target_dates.get(stage), is_demo=is_demo,
                    actual_date=timezone.localdate() if stage == Stage.ASSESSMENT else None,
                    moved_by=project.created_by if stage == Stage.ASSESSMENT else None)
        for stage in STAGE_ORDER])
    return project


@transaction.atomic
def project_update(*, user, project: DevelopmentProject, **fields) -> DevelopmentProject:
    """Change a project's details and figures (not its stage: see project_move_stage)."""
    project = DevelopmentProject.objects.select_for_update().get(pk=project.pk)
    _require_group_editor(user, project.group_id)
    _apply(project, fields, PROJECT_FIELDS)
    if project.product_id and project.product.group_id != project.group_id:
        raise ValidationError({"product": _("ผลิตภัณฑ์ต้องเป็นของกลุ่มเดียวกับโครงการ")})
    project.full_clean()
    project.save()
    return project


def stage_requirements_missing(project: DevelopmentProject, to_stage: str) -> list[str]:
    """What must be recorded before a project may enter `to_stage` (Thai, empty = ready).

    - design: the product has a quadrant assessment, or (new idea) the idea is described;
    - prototype: a designer or partner, and at least one modern technology used;
    - market test: a photo of the prototype attached to the prototype stage;
    - launch: market-test feedback and trial sales;
    - follow-up: the improved product is linked and published in the catalogue.
    """
    missing: list[str] = []
    if to_stage == Stage.DESIGN:
        if project.product_id:
            if not project.product.assessments.exists():
                missing.append(_("ผลิตภัณฑ์ยังไม่มีผลการประเมินกลุ่ม (Quadrant)"))
        elif not project.idea.strip():
            missing.append(_("กรุณาบันทึกแนวคิดผลิตภัณฑ์"))
    elif to_stage == Stage.PROTOTYPE:
        if not (project.designer_name.strip() or project.partner_id):
            missing.append(_("กรุณาระบุนักออกแบบหรือภาคีเครือข่ายที่ร่วมออกแบบ"))
        if not project.technologies:
            missing.append(_("กรุณาเลือกเทคโนโลยีสมัยใหม่ที่ใช้อย่างน้อยหนึ่งอย่าง"))
    elif to_stage == Stage.MARKET_TEST:
        if not StageAttachment.objects.filter(stage_record__project=project, stage_record__stage=Stage.PROTOTYPE,
                                              kind=AttachmentKind.IMAGE).exists():
            missing.append(_("กรุณาแนบรูปถ่ายผลิตภัณฑ์ต้นแบบก่อนทดสอบตลาด"))
    elif to_stage == Stage.LAUNCH:
        if not project.market_feedback.strip():
            missing.append(_("กรุณาบันทึกผลตอบรับจากการทดสอบตลาด"))
        if project.trial_units_sold is None:
            missing.append(_("กรุณาบันทึกยอดขายทดลอง"))
    elif to_stage == Stage.FOLLOW_UP:
        if not (project.product_id and project.product.status == PublishStatus.PUBLISHED):
            missing.append(_("ผลิตภัณฑ์ที่พัฒนาแล้วต้องเผยแพร่ในแคตตาล็อกก่อนติดตามผล"))
    return missing


def project_stage_move_check(*, user, project: DevelopmentProject, to_stage: str, reason: str = "") -> None:
    """Raise (PermissionDenied / ValidationError, Thai) unless `user` may move `project` — as it
    stands in memory, e.g. with a form's unsaved edits — to `to_stage`; see project_move_stage."""
    if to_stage not in STAGE_ORDER:
        raise ValidationError({"stage": _("ไม่มีขั้นตอนนี้")})
    if not DevelopmentProject.objects.editable_by(user).filter(pk=project.pk).exists():
        raise PermissionDenied(_("คุณไม่มีสิทธิ์เลื่อนขั้นตอนของโครงการนี้"))
    current, target = stage_index(project.stage), stage_index(to_stage)
    reason = (reason or "").strip()
    if target == current:
        raise ValidationError({"stage": _("โครงการอยู่ในขั้นตอนนี้แล้ว")})
    if target != current + 1:
        if not permissions.is_staff_user(user):
            raise PermissionDenied(_("การข้ามขั้นตอนหรือย้อนขั้นตอนทำได้เฉพาะเจ้าหน้าที่พัฒนาชุมชน"))
        if not reason:
            raise ValidationError({"reason": _("กรุณาระบุเหตุผลในการข้ามหรือย้อนขั้นตอน")})
    else:
        missing = stage_requirements_missing(project, to_stage)
        if missing:
            raise ValidationError({"stage": missing})


@transaction.atomic
def project_move_stage(*, user, project: DevelopmentProject, to_stage: str, reason: str = "",
                       actual_date: dt.date | None = None) -> DevelopmentProject:
    """Move a project to another stage. The one rule for the page, the API action and the admin:

    - the next stage in order: the group's producers or staff, when the stage's required
      fields are recorded (stage_requirements_missing);
    - skipping stages or going backwards: staff only, with a reason (kept in the transition
      log); the reason stands in for the skipped stages' requirements.
    The target stage record gets the actual date and who moved it.
    """
    if to_stage not in STAGE_ORDER:
        raise ValidationError({"stage": _("ไม่มีขั้นตอนนี้")})
    project = DevelopmentProject.objects.select_for_update(of=("self",)).select_related("product").get(pk=project.pk)
    reason = (reason or "").strip()
    project_stage_move_check(user=user, project=project, to_stage=to_stage, reason=reason)
    StageTransition.objects.create(project=project, from_stage=project.stage, to_stage=to_stage,
                                   moved_by=user if getattr(user, "pk", None) else None, reason=reason)
    project.stage = to_stage
    project.save(update_fields=["stage", "updated_at"])
    record, _created = StageRecord.objects.get_or_create(project=project, stage=to_stage,
                                                         defaults={"is_demo": project.is_demo})
    record.actual_date = actual_date or timezone.localdate()
    record.moved_by = user if getattr(user, "pk", None) else None
    record.save(update_fields=["actual_date", "moved_by", "updated_at"])
    return project


@transaction.atomic
def stage_record_update(*, user, record: StageRecord, **fields) -> StageRecord:
    """Target date and notes of a stage (the actual date is set by project_move_stage)."""
    _require_group_editor(user, record.project.group_id)
    _apply(record, fields, {"target_date", "notes"})
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def stage_attachment_add(*, user, record: StageRecord, file, caption: str = "",
                         is_demo: bool = False) -> StageAttachment:
    """Attach a photo (re-encoded without EXIF, with a thumbnail) or a PDF to a stage."""
    _require_group_editor(user, record.project.group_id)
    head = file.read(5)
    file.seek(0)
    attachment = StageAttachment(stage_record=record, caption=caption, is_demo=is_demo,
                                 uploaded_by=user if getattr(user, "pk", None) else None)
    name = getattr(file, "name", "file")
    if head == b"%PDF-":
        validate_pdf_file(file)
        attachment.kind = AttachmentKind.DOCUMENT
        attachment.file.save(name, file, save=False)
    else:
        validate_image_file(file)
        attachment.kind = AttachmentKind.IMAGE
        clean = stripped_copy(file, name)
        attachment.file.save(clean.name, clean, save=False)
        thumb = thumbnail(file, name)
        attachment.thumbnail.save(thumb.name, thumb, save=False)
    attachment.full_clean()
    attachment.save()
    return attachment


# --- Online-marketing skills ------------------------------------------------------------------


@transaction.atomic
def marketing_skill_set(*, user, group, skill: str, achieved_on: dt.date, evidence_url: str = "",
                        note: str = "", training=None, is_demo: bool = False) -> GroupMarketingSkill:
    """Tick (or re-date) an item of the group's online-marketing checklist."""
    _require_group_editor(user, group.pk)
    item = GroupMarketingSkill.objects.select_for_update().filter(group=group, skill=skill).first() or \
        GroupMarketingSkill(group=group, skill=skill, is_demo=is_demo)
    item.achieved_on = achieved_on
    item.evidence_url = evidence_url
    item.note = note
    item.training = training
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def marketing_skill_clear(*, user, group, skill: str) -> None:
    _require_group_editor(user, group.pk)
    GroupMarketingSkill.objects.filter(group=group, skill=skill).delete()


@transaction.atomic
def products_unpublish_without_consent() -> list[int]:
    """Consent can be withdrawn after a product was published: take every published product that
    builds on a wisdom record now lacking its holders' consent back to draft (the daily task runs
    this; the wisdom app may also call it after a withdrawal). Returns the ids unpublished."""
    from wisdom.selectors import consent_blockers

    through = Product.wisdom_records.through
    links = list(through.objects.filter(product__status=PublishStatus.PUBLISHED)
                 .values_list("product_id", "wisdomrecord_id"))
    if not links:
        return []
    from wisdom.models import WisdomRecord

    records = list(WisdomRecord.objects.filter(pk__in={w for _p, w in links}))
    blocked = set(consent_blockers(records))
    ids = sorted({p for p, w in links if w in blocked})
    if ids:
        for product in Product.objects.select_for_update().filter(pk__in=ids):
            product.status = PublishStatus.DRAFT
            product.save(update_fields=["status", "updated_at"])  # history records the change
    return ids
