"""How each app's public content becomes a search document.

Only published content is indexed; wisdom follows its access protocol
(public -> everyone, members -> logged-in users, restricted -> never indexed).
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from .registry import Adapter, Document, register


def _join(*parts) -> str:
    return "\n".join(str(p) for p in parts if p)


def _product(obj) -> Document | None:
    if obj.status != "published":
        return None
    group = obj.group
    return Document(
        title=obj.name_th,
        url=obj.get_absolute_url(),
        district_code=group.subdistrict.district_id,
        body=_join(
            obj.name_en,
            obj.get_product_type_display(),
            obj.description,
            obj.story,
            group.name_th,
            group.subdistrict.name_th,
            group.subdistrict.district.name_th,
        ),
    )


def _program(obj) -> Document | None:
    community = obj.community
    if obj.status != "published" or community.status != "published":
        return None
    return Document(
        title=obj.title_th,
        url=obj.get_absolute_url(),
        district_code=community.subdistrict.district_id,
        body=_join(
            obj.title_en,
            obj.summary,
            obj.get_duration_display(),
            obj.included,
            community.name_th,
            community.story,
            community.subdistrict.name_th,
            community.subdistrict.district.name_th,
        ),
    )


def _community(obj) -> Document | None:
    if obj.status != "published":
        return None
    return Document(
        title=obj.name_th,
        url=obj.get_absolute_url(),
        district_code=obj.subdistrict.district_id,
        body=_join(obj.name_en, obj.story, obj.subdistrict.name_th, obj.subdistrict.district.name_th),
    )


def _wisdom(obj) -> Document | None:
    if obj.status != "published" or obj.access_level == "restricted":
        return None
    return Document(
        title=obj.title_th,
        url=obj.get_absolute_url(),
        district_code=obj.subdistrict.district_id,
        visibility="members" if obj.access_level == "members" else "public",
        body=_join(
            obj.title_en,
            obj.get_category_display(),
            obj.summary,
            obj.description,
            obj.background,
            obj.community_name,
            obj.subdistrict.name_th,
            obj.subdistrict.district.name_th,
        ),
    )


def _event(obj) -> Document | None:
    if obj.status != "published":
        return None
    return Document(
        title=obj.title,
        url=obj.get_absolute_url(),
        district_code=obj.district_id,
        body=_join(obj.get_kind_display(), obj.description, obj.venue),
    )


def _knowledge(obj) -> Document | None:
    if obj.status != "published":
        return None
    return Document(
        title=obj.title,
        url=obj.get_absolute_url(),
        body=_join(obj.get_kind_display(), obj.summary, obj.body, " ".join(obj.tags)),
    )


def _expert(obj) -> Document | None:
    if not obj.is_active:
        return None
    return Document(
        title=obj.name,
        url=obj.get_absolute_url(),
        visibility="public" if obj.visibility == "public" else "members",
        body=_join(obj.title, obj.organisation, " ".join(str(e) for e in obj.expertise_labels()), obj.bio),
    )


def register_all() -> None:
    specs = [
        (
            "products",
            "Product",
            "products",
            _("ผลิตภัณฑ์ OTOP"),
            _product,
            lambda m: m.objects.select_related("group__subdistrict__district"),
            10,
        ),
        (
            "tourism",
            "Program",
            "programs",
            _("โปรแกรมท่องเที่ยว"),
            _program,
            lambda m: m.objects.select_related("community__subdistrict__district"),
            20,
        ),
        (
            "tourism",
            "TourismCommunity",
            "communities",
            _("ชุมชนท่องเที่ยว"),
            _community,
            lambda m: m.objects.select_related("subdistrict__district"),
            30,
        ),
        (
            "wisdom",
            "WisdomRecord",
            "wisdom",
            _("ภูมิปัญญาท้องถิ่น"),
            _wisdom,
            lambda m: m.objects.select_related("subdistrict__district"),
            40,
        ),
        ("network", "KnowledgeItem", "knowledge", _("คลังความรู้"), _knowledge, lambda m: m.objects.all(), 50),
        ("network", "Event", "events", _("กิจกรรมและการอบรม"), _event, lambda m: m.objects.all(), 60),
        ("network", "ExpertProfile", "experts", _("ผู้เชี่ยวชาญ"), _expert, lambda m: m.objects.all(), 70),
    ]
    dependents = {
        "communities": lambda community: community.programs.select_related(
            "community__subdistrict__district"
        ),
    }
    for app_label, model_name, kind, label, build, queryset, order in specs:
        model = apps.get_model(app_label, model_name)
        register(
            Adapter(
                model=model,
                kind=kind,
                label=label,
                build=build,
                order=order,
                queryset=lambda m=model, q=queryset: q(m),
                dependents=dependents.get(kind),
            )
        )
