"""Products in the portal's search: what `Product.objects.visible_to` shows a visitor (published)."""

from django.utils.translation import gettext_lazy as _

from core.i18n_content import english_text
from core.search_registry import Adapter, Document, join, register

from .models import Product


def product_document(obj) -> Document:
    group = obj.group
    return Document(
        title=obj.name_th,
        title_en=obj.name_en,
        extra_terms=[english_text(obj, "description", "story"), english_text(group, "name")],
        url=obj.get_absolute_url(),
        district_code=group.subdistrict.district_id,
        body=join(
            obj.name_en,
            obj.get_product_type_display(),
            obj.description,
            obj.story,
            group.name_th,
            group.subdistrict.name_th,
            group.subdistrict.district.name_th,
        ),
    )


register(Adapter(model=Product, kind="products", label=_("ผลิตภัณฑ์ OTOP"), build=product_document, order=10,
                 related=("group__subdistrict__district",)))
