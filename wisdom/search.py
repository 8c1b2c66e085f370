"""Wisdom in the portal's search, following the access protocol through `visible_to`: published
public records for everyone, members-level ones for logged-in members, restricted ones never."""

from django.utils.translation import gettext_lazy as _

from core.i18n_content import english_text
from core.search_registry import Adapter, Document, join, register

from .models import WisdomRecord


def record_document(obj) -> Document:
    return Document(
        title=obj.title_th,
        title_en=obj.title_en,
        extra_terms=[english_text(obj, "summary", "description", "community_name")],
        url=obj.get_absolute_url(),
        district_code=obj.subdistrict.district_id,
        body=join(
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


register(Adapter(model=WisdomRecord, kind="wisdom", label=_("ภูมิปัญญาท้องถิ่น"), build=record_document, order=40,
                 related=("subdistrict__district",), sitemap_priority=0.6, sitemap_changefreq="monthly"))
