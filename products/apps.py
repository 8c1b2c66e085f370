from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    """OTOP products, quadrant classification and the Quadrant D development pipeline."""

    name = "products"
    verbose_name = _("ผลิตภัณฑ์ OTOP")
    # Menu entries (see core.navigation): add them when the pages exist.
    nav_items: list = []
    member_nav_items: list = []
