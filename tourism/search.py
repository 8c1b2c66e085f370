"""Tourism in the portal's search: programs and communities as `visible_to` shows them (published;
a program only while its community is published too)."""

from django.utils.translation import gettext_lazy as _

from core.i18n_content import english_text
from core.search_registry import Adapter, Document, join, register

from .models import Program, TourismCommunity


def program_document(obj) -> Document:
    community = obj.community
    return Document(
        title=obj.title_th,
        title_en=obj.title_en,
        extra_terms=[english_text(obj, "summary", "included"), english_text(community, "name", "story")],
        url=obj.get_absolute_url(),
        district_code=community.subdistrict.district_id,
        body=join(
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


def community_document(obj) -> Document:
    return Document(
        title=obj.name_th,
        title_en=obj.name_en,
        extra_terms=[english_text(obj, "story", "address")],
        url=obj.get_absolute_url(),
        district_code=obj.subdistrict.district_id,
        body=join(obj.name_en, obj.story, obj.subdistrict.name_th, obj.subdistrict.district.name_th),
    )


def community_programs(community):
    """A program's document (and whether it is searchable) follows its community."""
    return community.programs.select_related("community__subdistrict__district")


register(Adapter(model=Program, kind="programs", label=_("โปรแกรมท่องเที่ยว"), build=program_document, order=20,
                 related=("community__subdistrict__district",)))
register(Adapter(model=TourismCommunity, kind="communities", label=_("ชุมชนท่องเที่ยว"),
                 build=community_document, order=30, related=("subdistrict__district",),
                 dependents=community_programs))
