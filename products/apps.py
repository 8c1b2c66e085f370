from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    """OTOP products, quadrant classification and the Quadrant D development pipeline."""

    name = "products"
    verbose_name = _("ผลิตภัณฑ์ OTOP")
    nav_items = [{"url_name": "products:list", "label": _("ผลิตภัณฑ์ OTOP"), "order": 20}]
    member_nav_items = [
        {"url_name": "products:mine", "label": _("ผลิตภัณฑ์ของกลุ่ม"), "order": 20},
        {"url_name": "products:pipeline", "label": _("โครงการพัฒนาผลิตภัณฑ์"), "order": 21},
    ]

    def home_section(self, request):
        """A strip of recently published products (two queries)."""
        from .selectors import product_list

        products = list(product_list(user=None).order_by("-published_at", "-id")[:4])
        if not products:
            return None
        return {"template": "products/_home_section.html", "order": 20, "products": products}
