from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    """OTOP products, quadrant classification and the Quadrant D development pipeline."""

    name = "products"
    verbose_name = _("ผลิตภัณฑ์ OTOP")
    nav_items = [{"url_name": "products:list", "label": _("ผลิตภัณฑ์ OTOP"), "order": 20}]
    member_nav_items = [
        {"url_name": "products:mine", "label": _("ผลิตภัณฑ์ของกลุ่ม"), "order": 20, "roles": ("producer",)},
        {"url_name": "products:pipeline", "label": _("โครงการพัฒนาผลิตภัณฑ์"), "order": 21,
         "roles": ("producer", "staff", "partner")},
    ]

    def ready(self):
        from core import registry

        from . import selectors as lineage_source

        # A wisdom record's lineage (issue 17, wisdom/lineage.py): what this app built on it.
        registry.contribute("wisdom.lineage", lineage_source.wisdom_lineage)

        from . import selectors

        # The wisdom record page lists the published products built on the record, without
        # wisdom importing products (see wisdom.selectors, hook wisdom.record_detail_prefetches).
        registry.contribute("wisdom.record_detail_prefetches", selectors.record_products_prefetch)
        # The workspaces (/me/): project next steps and expiring standards (producers), drafts (staff).
        from . import workspace

        registry.contribute("core.workspace", workspace.producer_queues, order=30)
        registry.contribute("core.workspace", workspace.staff_queues, order=40)

        # A withdrawn consent to product development and sale unpublishes the products at once.
        from wisdom.signals import consent_withdrawn

        from .services import on_consent_withdrawn

        consent_withdrawn.connect(on_consent_withdrawn, dispatch_uid="products.on_consent_withdrawn")

    def home_section(self, request):
        """OTOP products by category (the five types, with counts) and the latest published
        ones (two queries)."""
        from django.db.models import Count

        from core.choices import OtopProductType

        from .models import Product
        from .selectors import product_cards

        products = list(product_cards(user=None).order_by("-published_at", "-id")[:4])
        if not products:
            return None
        counts = dict(Product.objects.published().values_list("product_type").annotate(n=Count("id")))
        categories = [{"value": value, "label": label, "count": counts.get(value, 0)}
                      for value, label in OtopProductType.choices]
        return {"template": "products/_home_section.html", "order": 20, "products": products,
                "categories": categories}
