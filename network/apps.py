from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """KBO knowledge network: experts, knowledge items, events, mentoring, Q&A."""

    name = "network"
    verbose_name = _("เครือข่ายองค์ความรู้ (KBO)")
    # Menu entries (see core.navigation): add them when the pages exist.
    nav_items: list = []
    member_nav_items: list = []
