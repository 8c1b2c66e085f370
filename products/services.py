"""Writes of the products app: the catalogue, the quadrant rule, the development pipeline.

Every page, API endpoint, admin form and action, the demo loader and the Celery task call these
functions (never a bare save()). Each takes the keyword ``actor`` — the user acting, or
``core.actors.SYSTEM`` for tasks and the demo — and checks the actor's rights itself, so that no
caller can forget them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.actors import SYSTEM, as_user
from core.choices import NotificationEvent
from core.files import delete_after_commit
from core.models import ProducerGroup
from core.notifications import group_members, notify
from core.permissions import Actor
from core.photos import delete_photo, next_position, store_photo
from core.services import unique_slug
from core.uploads import stripped_copy, thumbnail, validate_image_file, validate_pdf_file
from wisdom.choices import ConsentScope
from wisdom.selectors import consent_blockers, records_by_pks

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

PRODUCT_FIELDS = {"name_th", "name_en", "product_type", "description", "description_en", "story", "story_en",
                  "price", "unit", "unit_en",
                  "shop_address", "online_shop_url", "line_id", "facebook_url"}
PROJECT_FIELDS = {"title", "product", "fiscal_year", "idea", "designer_name", "partner", "design_ideas",
                  "uses_packaging", "uses_production_technique", "uses_food_safety", "uses_digital_tools",
                  "technology_notes", "market_feedback", "trial_units_sold",
                  *(f"{f}_{w}" for f in DevelopmentProject.FIGURES for w in ("before", "after"))}
CERTIFICATION_FIELDS = {"kind", "kind_other", "number", "issued_on", "expires_on"}
SKILL_FIELDS = {"skill", "achieved_on", "evidence_url", "note", "training"}


def _require_group_editor(actor: Actor, group_id: int) -> None:
    if not permissions.can_edit_group(actor, group_id):
        raise PermissionDenied(_("คุณไม่มีสิทธิ์จัดการข้อมูลของกลุ่มนี้"))


def _require_staff(actor: Actor) -> None:
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้น"))


def _apply(obj: models.Model, fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("แก้ไขข้อมูลนี้ไม่ได้: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(obj, name, value)


def _delete_or_refuse(obj: models.Model, reason: str) -> None:
    """Delete `obj`, or raise a Thai ValidationError when rows that must be kept protect it."""
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError as exc:
        raise ValidationError(reason, code="protected") from exc


def _delete_files(*fields: Any) -> None:
    """Remove stored files once the transaction commits (a refused or rolled-back delete keeps them)."""
    delete_after_commit(*fields)


# Fixed paths under /products/ that a product slug must not take.
RESERVED_SLUGS = {"mine", "new", "quadrants", "pipeline", "projects", "stages", "skills"}


def _product_slug(text: str) -> str:
    slug = unique_slug(Product, text)
    if slug in RESERVED_SLUGS:
        slug = unique_slug(Product, f"product-{slug}")
    return slug


# --- Catalogue --------------------------------------------------------------------------


@transaction.atomic
def product_create(*, actor: Actor, group: ProducerGroup, name_th: str, product_type: str,
                   wisdom_records: Iterable[Any] | None = None, slug: str = "", is_demo: bool = False,
                   **fields: Any) -> Product:
    """A producer creates a draft product for one of their own groups (staff for any group).
    A group may not have two products with the same Thai name (database constraint). The slug is
    romanised from the English (else Thai) name unless one is given (the demo keeps its slugs)."""
    _require_group_editor(actor, group.pk)
    product = Product(group=group, name_th=name_th, product_type=product_type, is_demo=is_demo)
    _apply(product, fields, PRODUCT_FIELDS)
    if slug and (slug in RESERVED_SLUGS or Product.objects.filter(slug=slug).exists()):
        raise ValidationError({"slug": _("slug นี้ถูกใช้แล้ว")})
    product.slug = slug or _product_slug(fields.get("name_en") or name_th)
    product.full_clean()
    product.save()
    if wisdom_records is not None:
        product.wisdom_records.set(list(wisdom_records))
    return product


@transaction.atomic
def product_update(*, actor: Actor, product: Product, group: ProducerGroup | None = None,
                   wisdom_records: Iterable[Any] | None = None, **fields: Any) -> Product:
    """Change a product. Producers only for their groups (and only move it to another group of
    theirs). A published product whose new wisdom links lack consent is refused."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    _require_group_editor(actor, product.group_id)
    if group is not None and group.pk != product.group_id:
        _require_group_editor(actor, group.pk)
        product.group = group
    _apply(product, fields, PRODUCT_FIELDS)
    product.full_clean()
    product.save()
    if wisdom_records is not None:
        product.wisdom_records.set(list(wisdom_records))
        if product.status == PublishStatus.PUBLISHED:
            problems = publish_problems(product)
            if problems:
                raise ValidationError(problems)
    return product


@transaction.atomic
def product_delete(*, actor: Actor, product: Product) -> None:
    """Staff delete a product that no development project builds on (projects protect it); its
    photos, standards and stars go with it, the photo files included."""
    _require_staff(actor)
    photos = list(product.photos.all())
    _delete_or_refuse(product, _("ลบผลิตภัณฑ์ไม่ได้ เพราะมีโครงการพัฒนาผลิตภัณฑ์ที่อ้างอิงผลิตภัณฑ์นี้อยู่"))
    for photo in photos:
        photo.delete_files()


def publish_problems(product: Product) -> list[str]:
    """Thai reasons why `product` may not be published (empty = it may).

    Rule: a product that builds on a wisdom record must not be published unless every knowledge
    holder of it consents to product development and sale (ConsentScope.PRODUCT,
    wisdom.selectors.consent_blockers)."""
    return wisdom_problems(product.wisdom_records.all())


def wisdom_problems(records: Iterable[Any]) -> list[str]:
    """The consent rule over a set of wisdom records (e.g. the links a form is about to save)."""
    blockers = consent_blockers(list(records), scope=ConsentScope.PRODUCT)
    return [_("เผยแพร่ไม่ได้: %(reason)s") % {"reason": reason} for reason in blockers.values()]


@transaction.atomic
def product_publish(*, actor: Actor, product: Product) -> Product:
    """Publish a product (owner group or staff), refused with the reason when a linked wisdom
    record lacks its holders' consent."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    _require_group_editor(actor, product.group_id)
    problems = publish_problems(product)
    if problems:
        raise ValidationError(problems)
    product.status = PublishStatus.PUBLISHED
    product.published_at = product.published_at or timezone.now()
    product.save(update_fields=["status", "published_at", "updated_at"])
    return product


@transaction.atomic
def product_unpublish(*, actor: Actor, product: Product) -> Product:
    product = Product.objects.select_for_update().get(pk=product.pk)
    _require_group_editor(actor, product.group_id)
    product.status = PublishStatus.DRAFT
    product.save(update_fields=["status", "updated_at"])
    return product


@transaction.atomic
def product_photo_add(*, actor: Actor, product: Product, image: Any, caption: str = "",
                      is_demo: bool = False) -> ProductPhoto:
    """Add a photo at the end of the gallery through the one photo pipeline
    (core.photos.store_photo: a real image, stored only as an EXIF-free copy and a thumbnail)."""
    _require_group_editor(actor, product.group_id)
    Product.objects.select_for_update().filter(pk=product.pk).first()  # serialise positions
    photo = ProductPhoto(product=product, caption=caption or "", position=next_position(product.photos.all()),
                         is_demo=is_demo)
    return store_photo(photo, image)


@transaction.atomic
def product_photo_update(*, actor: Actor, photo: ProductPhoto, **fields: Any) -> ProductPhoto:
    """Change a photo's caption or position (the image itself is replaced by a new upload)."""
    _require_group_editor(actor, photo.product.group_id)
    _apply(photo, fields, {"caption", "position"})
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def product_photo_delete(*, actor: Actor, photo: ProductPhoto) -> None:
    """Delete a photo and its stored files."""
    _require_group_editor(actor, photo.product.group_id)
    delete_photo(photo)


@transaction.atomic
def product_photos_reorder(*, actor: Actor, product: Product, photo_ids: list[int]) -> None:
    """Set the gallery order: `photo_ids` must be exactly the product's photos."""
    _require_group_editor(actor, product.group_id)
    photos = {p.pk: p for p in product.photos.select_for_update()}
    if sorted(photo_ids) != sorted(photos):
        raise ValidationError(_("รายการรูปภาพไม่ตรงกับรูปของผลิตภัณฑ์นี้"))
    for position, pk in enumerate(photo_ids):
        photo = photos[pk]
        if photo.position != position:
            photo.position = position
            photo.save(update_fields=["position", "updated_at"])


@transaction.atomic
def certification_add(*, actor: Actor, product: Product, kind: str, number: str = "", kind_other: str = "",
                      issued_on: dt.date | None = None, expires_on: dt.date | None = None,
                      is_demo: bool = False) -> Certification:
    """A standard or certification the product holds (owner group or staff)."""
    _require_group_editor(actor, product.group_id)
    cert = Certification(product=product, kind=kind, number=number or "", kind_other=kind_other or "",
                         issued_on=issued_on, expires_on=expires_on, is_demo=is_demo)
    cert.full_clean()
    cert.save()
    return cert


@transaction.atomic
def certification_update(*, actor: Actor, certification: Certification, **fields: Any) -> Certification:
    _require_group_editor(actor, certification.product.group_id)
    _apply(certification, fields, CERTIFICATION_FIELDS)
    certification.full_clean()
    certification.save()
    return certification


@transaction.atomic
def certification_delete(*, actor: Actor, certification: Certification) -> None:
    _require_group_editor(actor, certification.product.group_id)
    certification.delete()


@transaction.atomic
def star_rating_set(*, actor: Actor, product: Product, year: int, stars: int, is_demo: bool = False) -> StarRating:
    """Record the OTOP Product Champion stars of a year's round (staff; one per product and year)."""
    _require_staff(actor)
    rating = StarRating.objects.filter(product=product, year=year).first() or \
        StarRating(product=product, year=year, is_demo=is_demo)
    rating.stars = stars
    rating.full_clean()
    rating.save()
    return rating


@transaction.atomic
def star_rating_update(*, actor: Actor, rating: StarRating, **fields: Any) -> StarRating:
    """Correct a year's stars or its year (staff)."""
    _require_staff(actor)
    _apply(rating, fields, {"year", "stars"})
    rating.full_clean()
    rating.save()
    return rating


@transaction.atomic
def star_rating_delete(*, actor: Actor, rating: StarRating) -> None:
    _require_staff(actor)
    rating.delete()


# --- Quadrant classification tables ----------------------------------------------------------
# Staff-edited data with a rule behind it: quadrant_for_answers reads the rules and options, and
# recorded assessments keep their answers and results (PROTECT), so rows in use are not deleted.
# After editing the rules, staff recompute assessments with the admin action (assessment_recompute).

QUADRANT_FIELDS = {"code", "name_th", "description"}
PART_FIELDS = {"number", "name_th"}
OPTION_FIELDS = {"part", "code", "text_th", "position"}
RULE_FIELDS = {"quadrant", "priority", "description", "is_active"}
_IN_USE = _("ลบไม่ได้ เพราะมีผลการประเมินที่ใช้ข้อมูลนี้อยู่ (ปิดการใช้งานกฎหรือแก้ข้อความแทน)")


def _table_save(actor: Actor, obj: models.Model, fields: dict[str, Any], allowed: set[str]) -> Any:
    _require_staff(actor)
    _apply(obj, fields, allowed)
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def quadrant_create(*, actor: Actor, **fields: Any) -> Quadrant:
    return _table_save(actor, Quadrant(), fields, QUADRANT_FIELDS)


@transaction.atomic
def quadrant_update(*, actor: Actor, quadrant: Quadrant, **fields: Any) -> Quadrant:
    return _table_save(actor, quadrant, fields, QUADRANT_FIELDS)


@transaction.atomic
def quadrant_delete(*, actor: Actor, quadrant: Quadrant) -> None:
    """A quadrant that assessments reached is kept (their result would be lost)."""
    _require_staff(actor)
    _delete_or_refuse(quadrant, _IN_USE)


@transaction.atomic
def checklist_part_create(*, actor: Actor, **fields: Any) -> ChecklistPart:
    return _table_save(actor, ChecklistPart(), fields, PART_FIELDS)


@transaction.atomic
def checklist_part_update(*, actor: Actor, part: ChecklistPart, **fields: Any) -> ChecklistPart:
    return _table_save(actor, part, fields, PART_FIELDS)


@transaction.atomic
def checklist_part_delete(*, actor: Actor, part: ChecklistPart) -> None:
    """A part that recorded assessments answered is kept (with its options)."""
    _require_staff(actor)
    _delete_or_refuse(part, _IN_USE)


@transaction.atomic
def checklist_option_create(*, actor: Actor, part: ChecklistPart, **fields: Any) -> ChecklistOption:
    return _table_save(actor, ChecklistOption(part=part), fields, OPTION_FIELDS)


@transaction.atomic
def checklist_option_update(*, actor: Actor, option: ChecklistOption, **fields: Any) -> ChecklistOption:
    return _table_save(actor, option, fields, OPTION_FIELDS)


@transaction.atomic
def checklist_option_delete(*, actor: Actor, option: ChecklistOption) -> None:
    """An option that recorded assessments chose is kept."""
    _require_staff(actor)
    _delete_or_refuse(option, _IN_USE)


@transaction.atomic
def quadrant_rule_create(*, actor: Actor, quadrant: Quadrant, options: Iterable[ChecklistOption] = (),
                         **fields: Any) -> QuadrantRule:
    """A rule giving `quadrant` when the answers match `options` (see quadrant_for_answers)."""
    rule = _table_save(actor, QuadrantRule(quadrant=quadrant), fields, RULE_FIELDS)
    rule.options.set(list(options))
    return rule


@transaction.atomic
def quadrant_rule_update(*, actor: Actor, rule: QuadrantRule, options: Iterable[ChecklistOption] | None = None,
                         **fields: Any) -> QuadrantRule:
    rule = _table_save(actor, rule, fields, RULE_FIELDS)
    if options is not None:
        rule.options.set(list(options))
    return rule


@transaction.atomic
def quadrant_rule_delete(*, actor: Actor, rule: QuadrantRule) -> None:
    """Rules are not referenced by assessments (each keeps its computed quadrant), so a rule may go."""
    _require_staff(actor)
    rule.delete()


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


def _resolve_answers(answers: Iterable[Any]) -> list[ChecklistOption]:
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
def assessment_record(*, actor: Actor, product: Product, fiscal_year: int, answers: Iterable[Any],
                      notes: str = "", assessed_on: dt.date | None = None,
                      override_quadrant: Quadrant | None = None, override_reason: str = "",
                      is_demo: bool = False) -> Assessment:
    """Staff record (or re-record) the segment assessment of a product for a fiscal year (B.E.):
    one option per checklist part; the quadrant is computed by quadrant_for_answers over the rule
    table. An override needs a reason; both are kept beside the computed result."""
    _require_staff(actor)
    options = _resolve_answers(answers)
    assessment = Assessment.objects.select_for_update().filter(product=product, fiscal_year=fiscal_year).first()
    if assessment is None:
        assessment = Assessment(product=product, fiscal_year=fiscal_year, is_demo=is_demo)
    assessment.notes = notes or ""
    assessment.assessed_on = assessed_on or timezone.localdate()
    assessment.assessed_by = as_user(actor)
    assessment.computed_quadrant = quadrant_for_answers(options)
    assessment.override_quadrant = override_quadrant
    assessment.override_reason = (override_reason or "").strip() if override_quadrant else ""
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
def assessment_override(*, actor: Actor, assessment: Assessment, quadrant: Quadrant | None,
                        reason: str = "") -> Assessment:
    """Staff set (or clear, with quadrant=None) the quadrant by hand, with a reason that is kept."""
    _require_staff(actor)
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
def assessment_recompute(*, actor: Actor, assessment: Assessment) -> Assessment:
    """Compute the quadrant again from the stored answers (after staff edited the rule table)."""
    _require_staff(actor)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    assessment.computed_quadrant = quadrant_for_answers(assessment.answers.all())
    assessment.quadrant = assessment.override_quadrant or assessment.computed_quadrant
    assessment.save(update_fields=["computed_quadrant", "quadrant", "updated_at"])
    return assessment


@transaction.atomic
def assessment_delete(*, actor: Actor, assessment: Assessment) -> None:
    """Staff delete a year's assessment (with its answers)."""
    _require_staff(actor)
    assessment.delete()


# --- Development projects --------------------------------------------------------------------


def _check_same_group(project: DevelopmentProject) -> None:
    if project.product_id and project.product and project.product.group_id != project.group_id:
        raise ValidationError({"product": _("ผลิตภัณฑ์ต้องเป็นของกลุ่มเดียวกับโครงการ")})


@transaction.atomic
def project_create(*, actor: Actor, group: ProducerGroup, title: str, fiscal_year: int,
                   product: Product | None = None, target_dates: dict[str, dt.date] | None = None,
                   started_on: dt.date | None = None, is_demo: bool = False, **fields: Any) -> DevelopmentProject:
    """Start a development project for a group's product (or a new product idea), at the
    assessment stage (reached `started_on`, default today), with one stage record per stage
    (target dates optional)."""
    _require_group_editor(actor, group.pk)
    project = DevelopmentProject(group=group, title=title, fiscal_year=fiscal_year, product=product,
                                 created_by=as_user(actor), is_demo=is_demo)
    _check_same_group(project)
    _apply(project, fields, PROJECT_FIELDS)
    project.full_clean()
    project.save()
    target_dates = target_dates or {}
    StageRecord.objects.bulk_create([
        StageRecord(project=project, stage=stage, target_date=target_dates.get(stage), is_demo=is_demo,
                    actual_date=(started_on or timezone.localdate()) if stage == Stage.ASSESSMENT else None,
                    moved_by=project.created_by if stage == Stage.ASSESSMENT else None)
        for stage in STAGE_ORDER])
    return project


@transaction.atomic
def project_update(*, actor: Actor, project: DevelopmentProject, group: ProducerGroup | None = None,
                   stage: str | None = None, reason: str = "", **fields: Any) -> DevelopmentProject:
    """Change a project's details and figures. Only staff move a project to another group (its
    product must then be that group's). A different `stage` is a stage move by the one rule
    (project_move_stage, with `reason`), judged over the project as edited here: a refused move
    refuses the whole change, so nothing is saved."""
    project = DevelopmentProject.objects.select_for_update(of=("self",)).get(pk=project.pk)
    _require_group_editor(actor, project.group_id)
    if group is not None and group.pk != project.group_id:
        if not permissions.is_staff_user(actor):
            raise ValidationError({"group": _("ย้ายโครงการไปกลุ่มอื่นได้เฉพาะเจ้าหน้าที่")})
        project.group = group
    _apply(project, fields, PROJECT_FIELDS)
    _check_same_group(project)
    project.full_clean()
    project.save()
    if stage is not None and stage != project.stage:
        project = project_move_stage(actor=actor, project=project, to_stage=stage, reason=reason)
    return project


@transaction.atomic
def project_delete(*, actor: Actor, project: DevelopmentProject) -> None:
    """Staff delete a project (its stage records, attachments and log go with it, attachment
    files included); a project that partners' support records name is kept (they protect it)."""
    _require_staff(actor)
    attachments = list(StageAttachment.objects.filter(stage_record__project=project))
    _delete_or_refuse(project, _("ลบโครงการไม่ได้ เพราะมีข้อมูลของภาคีเครือข่ายที่อ้างอิงโครงการนี้อยู่"))
    for attachment in attachments:
        _delete_files(attachment.file, attachment.thumbnail)


def stage_requirements_missing(project: DevelopmentProject, to_stage: str | None) -> list[str]:
    """What must be recorded before a project may enter `to_stage` (Thai, empty = ready).

    - design: the product has a quadrant assessment, or (new idea) the idea is described;
    - prototype: a designer or partner, and at least one modern technology used;
    - market test: a photo of the prototype attached to the prototype stage;
    - launch: market-test feedback and trial sales;
    - follow-up: the improved product is linked and published in the catalogue.
    """
    missing: list[str] = []
    if to_stage == Stage.DESIGN:
        if project.product is not None:
            # `has_assessment` / `has_prototype_photo`: annotated by selectors.projects_next_steps, so a
            # list of projects asks no query per project; read here when absent.
            has_assessment = getattr(project, "has_assessment", None)
            if has_assessment is None:
                has_assessment = project.product.assessments.exists()
            if not has_assessment:
                missing.append(_("ผลิตภัณฑ์ยังไม่มีผลการประเมินกลุ่ม (Quadrant)"))
        elif not project.idea.strip():
            missing.append(_("กรุณาบันทึกแนวคิดผลิตภัณฑ์"))
    elif to_stage == Stage.PROTOTYPE:
        if not (project.designer_name.strip() or project.partner_id):
            missing.append(_("กรุณาระบุนักออกแบบหรือภาคีเครือข่ายที่ร่วมออกแบบ"))
        if not project.technologies:
            missing.append(_("กรุณาเลือกเทคโนโลยีสมัยใหม่ที่ใช้อย่างน้อยหนึ่งอย่าง"))
    elif to_stage == Stage.MARKET_TEST:
        has_photo = getattr(project, "has_prototype_photo", None)
        if has_photo is None:
            has_photo = StageAttachment.objects.filter(stage_record__project=project, stage_record__stage=Stage.PROTOTYPE,
                                                       kind=AttachmentKind.IMAGE).exists()
        if not has_photo:
            missing.append(_("กรุณาแนบรูปถ่ายผลิตภัณฑ์ต้นแบบก่อนทดสอบตลาด"))
    elif to_stage == Stage.LAUNCH:
        if not project.market_feedback.strip():
            missing.append(_("กรุณาบันทึกผลตอบรับจากการทดสอบตลาด"))
        if project.trial_units_sold is None:
            missing.append(_("กรุณาบันทึกยอดขายทดลอง"))
    elif to_stage == Stage.FOLLOW_UP:
        if not (project.product is not None and project.product.status == PublishStatus.PUBLISHED):
            missing.append(_("ผลิตภัณฑ์ที่พัฒนาแล้วต้องเผยแพร่ในแคตตาล็อกก่อนติดตามผล"))
    return missing


def project_stage_move_check(*, actor: Actor, project: DevelopmentProject, to_stage: str, reason: str = "") -> None:
    """Raise (PermissionDenied / ValidationError, Thai) unless `actor` may move `project` — as it
    stands in memory — to `to_stage`; see project_move_stage."""
    if to_stage not in STAGE_ORDER:
        raise ValidationError({"stage": _("ไม่มีขั้นตอนนี้")})
    if not DevelopmentProject.objects.editable_by(actor).filter(pk=project.pk).exists():
        raise PermissionDenied(_("คุณไม่มีสิทธิ์เลื่อนขั้นตอนของโครงการนี้"))
    current, target = stage_index(project.stage), stage_index(to_stage)
    reason = (reason or "").strip()
    if target == current:
        raise ValidationError({"stage": _("โครงการอยู่ในขั้นตอนนี้แล้ว")})
    if target != current + 1:
        if not permissions.is_staff_user(actor):
            raise PermissionDenied(_("การข้ามขั้นตอนหรือย้อนขั้นตอนทำได้เฉพาะเจ้าหน้าที่พัฒนาชุมชน"))
        if not reason:
            raise ValidationError({"reason": _("กรุณาระบุเหตุผลในการข้ามหรือย้อนขั้นตอน")})
    else:
        missing = stage_requirements_missing(project, to_stage)
        if missing:
            raise ValidationError({"stage": missing})


@transaction.atomic
def project_move_stage(*, actor: Actor, project: DevelopmentProject, to_stage: str, reason: str = "",
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
    project_stage_move_check(actor=actor, project=project, to_stage=to_stage, reason=reason)
    StageTransition.objects.create(project=project, from_stage=project.stage, to_stage=to_stage,
                                   moved_by=as_user(actor), reason=reason)
    project.stage = to_stage
    project.save(update_fields=["stage", "updated_at"])
    record, _created = StageRecord.objects.get_or_create(project=project, stage=to_stage,
                                                         defaults={"is_demo": project.is_demo})
    record.actual_date = actual_date or timezone.localdate()
    record.moved_by = as_user(actor)
    record.save(update_fields=["actual_date", "moved_by", "updated_at"])
    return project


@transaction.atomic
def stage_record_update(*, actor: Actor, record: StageRecord, **fields: Any) -> StageRecord:
    """Target date and notes of a stage (the actual date is set by project_move_stage)."""
    _require_group_editor(actor, record.project.group_id)
    _apply(record, fields, {"target_date", "notes"})
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def stage_attachment_add(*, actor: Actor, record: StageRecord, file: Any, caption: str = "",
                         is_demo: bool = False) -> StageAttachment:
    """Attach a photo or a PDF to a stage. A photo goes through the shared image steps of
    core.uploads (validated, stored only as an EXIF-free copy, with a thumbnail), as in
    core.photos.store_photo; a PDF is validated and stored as it is."""
    _require_group_editor(actor, record.project.group_id)
    head = file.read(5)
    file.seek(0)
    attachment = StageAttachment(stage_record=record, caption=caption or "", is_demo=is_demo,
                                 uploaded_by=as_user(actor))
    name = getattr(file, "name", "file")
    if head == b"%PDF-":
        validate_pdf_file(file)
        attachment.kind = AttachmentKind.DOCUMENT
        attachment.file.save(name, file, save=False)
    else:
        validate_image_file(file)
        attachment.kind = AttachmentKind.IMAGE
        file.seek(0)
        clean = stripped_copy(file, name)
        attachment.file.save(clean.name or name, clean, save=False)
        file.seek(0)
        thumb = thumbnail(file, name)
        attachment.thumbnail.save(thumb.name or name, thumb, save=False)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def stage_attachment_delete(*, actor: Actor, attachment: StageAttachment) -> None:
    """Remove an attachment and its stored files."""
    _require_group_editor(actor, attachment.stage_record.project.group_id)
    files = (attachment.file, attachment.thumbnail)
    attachment.delete()
    _delete_files(*files)


# --- Online-marketing skills ------------------------------------------------------------------


@transaction.atomic
def marketing_skill_set(*, actor: Actor, group: ProducerGroup, skill: str, achieved_on: dt.date,
                        evidence_url: str = "", note: str = "", training: Any = None,
                        is_demo: bool = False) -> GroupMarketingSkill:
    """Tick (or re-date) an item of the group's online-marketing checklist (one row per skill)."""
    _require_group_editor(actor, group.pk)
    item = GroupMarketingSkill.objects.select_for_update().filter(group=group, skill=skill).first() or \
        GroupMarketingSkill(group=group, skill=skill, is_demo=is_demo)
    item.achieved_on = achieved_on
    item.evidence_url = evidence_url or ""
    item.note = note or ""
    item.training = training
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def marketing_skill_update(*, actor: Actor, item: GroupMarketingSkill, group: ProducerGroup | None = None,
                           **fields: Any) -> GroupMarketingSkill:
    """Change a ticked item (date, evidence, note, training, or which skill); it stays with its group."""
    item = GroupMarketingSkill.objects.select_for_update().get(pk=item.pk)
    _require_group_editor(actor, item.group_id)
    if group is not None and group.pk != item.group_id:
        raise ValidationError({"group": _("ย้ายรายการไปกลุ่มอื่นไม่ได้")})
    _apply(item, fields, SKILL_FIELDS)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def marketing_skill_delete(*, actor: Actor, item: GroupMarketingSkill) -> None:
    """Untick an item of the checklist."""
    _require_group_editor(actor, item.group_id)
    item.delete()


@transaction.atomic
def marketing_skill_clear(*, actor: Actor, group: ProducerGroup, skill: str) -> None:
    """Untick the group's item for `skill` (nothing happens when it is not ticked)."""
    _require_group_editor(actor, group.pk)
    GroupMarketingSkill.objects.filter(group=group, skill=skill).delete()


@transaction.atomic
def products_unpublish_without_consent(*, actor: Actor) -> list[int]:
    """Consent can be withdrawn after a product was published: take every published product that
    builds on a wisdom record now lacking its holders' consent back to draft (the daily task runs
    this with SYSTEM; the wisdom app may also call it after a withdrawal). Returns the ids unpublished."""
    _require_staff(actor)
    through: Any = Product.wisdom_records.through
    links = list(through.objects.filter(product__status=PublishStatus.PUBLISHED)
                 .values_list("product_id", "wisdomrecord_id"))
    if not links:
        return []
    blocked = set(consent_blockers(records_by_pks(pks={w for _p, w in links}), scope=ConsentScope.PRODUCT))
    ids = sorted({p for p, w in links if w in blocked})
    if ids:
        for product in Product.objects.select_for_update().filter(pk__in=ids):
            product.status = PublishStatus.DRAFT
            product.save(update_fields=["status", "updated_at"])  # history records the change
    return ids


# --- Reminders ----------------------------------------------------------------------------------------

EXPIRY_WARNING_DAYS = 90


@transaction.atomic
def standard_expiry_notify(*, actor: Actor, today: dt.date | None = None) -> int:
    """Daily (beat): tell the members of a product's group that one of its standards expires within
    EXPIRY_WARNING_DAYS days. Once per certification and expiry date (a renewed standard with a new date is
    told again when it nears). Returns how many notifications were written. Staff or SYSTEM only."""
    from core.thai_dates import format_date

    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้น"))
    today = today or timezone.localdate()
    due = Certification.objects.filter(expires_on__gte=today,
                                       expires_on__lte=today + dt.timedelta(days=EXPIRY_WARNING_DAYS)) \
        .select_related("product__group").order_by("expires_on", "pk")
    written = 0
    for cert in due:
        product = cert.product
        written += len(notify(
            actor=actor, recipients=group_members(product.group_id), event=NotificationEvent.STANDARD_EXPIRING,
            object=product,
            title=_("มาตรฐาน %(kind)s ของ %(product)s จะหมดอายุ %(date)s") % {
                "kind": cert.get_kind_display(), "product": product.name_th, "date": format_date(cert.expires_on)},
            body=_("กรุณาต่ออายุมาตรฐานและแก้ไขวันหมดอายุในข้อมูลผลิตภัณฑ์"),
            key=f"standard-expiring:{cert.pk}:{cert.expires_on:%Y-%m-%d}"))
    return written


def _group_emails(group_ids: Iterable[int]) -> dict[int, list[str]]:
    from core.models import GroupMembership

    emails: dict[int, list[str]] = {}
    for group_id, email in GroupMembership.objects.filter(group_id__in=list(group_ids), user__is_active=True) \
            .exclude(user__email="").values_list("group_id", "user__email"):
        emails.setdefault(group_id, []).append(email)
    return emails


@transaction.atomic
def products_unpublish_for_withdrawn_consent(*, actor: Actor, record_ids: Iterable[int], holder_name: str,
                                             key: str) -> list[str]:
    """A knowledge holder withdrew consent to product development and sale for these wisdom records:
    every published product built on them goes back to draft now (not at the daily task), and each
    product's group members are e-mailed (one e-mail per product, `key` names the withdrawal).
    Publishing again needs the consent again — restoring it does not republish. Returns Thai
    one-line descriptions of the products unpublished (the wisdom app lists them for staff)."""
    from core.outbox import email_queue

    _require_staff(actor)
    products = list(Product.objects.select_for_update().filter(pk__in=Product.objects.filter(
        status=PublishStatus.PUBLISHED, wisdom_records__in=list(record_ids)).values("pk")).order_by("pk"))
    emails = _group_emails({p.group_id for p in products})
    done = []
    for product in products:
        product.status = PublishStatus.DRAFT
        product.save(update_fields=["status", "updated_at"])
        email_queue(actor=SYSTEM, key=f"{key}:product:{product.pk}", to=emails.get(product.group_id, []),
                    subject=_("ยกเลิกการเผยแพร่ผลิตภัณฑ์: %(p)s") % {"p": product.name_th},
                    body=_("ปราชญ์ชาวบ้าน %(h)s ถอนความยินยอมให้ใช้ภูมิปัญญาเพื่อการพัฒนาและจำหน่ายผลิตภัณฑ์ "
                           "ระบบจึงยกเลิกการเผยแพร่ผลิตภัณฑ์ “%(p)s” แล้ว จะเผยแพร่อีกครั้งได้เมื่อได้รับความยินยอมใหม่")
                    % {"h": holder_name, "p": product.name_th})
        done.append(_("ผลิตภัณฑ์: %(p)s") % {"p": product.name_th})
    return done


def on_consent_withdrawn(sender: Any, *, consent: Any, holder: Any, record_ids: list[int], scope: str,
                         **kwargs: Any) -> list[str]:
    """Receiver of wisdom.signals.consent_withdrawn (connected in ProductsConfig.ready)."""
    if scope != ConsentScope.PRODUCT:
        return []
    return products_unpublish_for_withdrawn_consent(actor=SYSTEM, record_ids=record_ids, holder_name=holder.name,
                                                    key=f"wisdom-consent:{consent.pk}:withdrawn")
