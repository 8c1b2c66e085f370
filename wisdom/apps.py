from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WisdomConfig(AppConfig):
    """Local-wisdom registry: records, knowledge holders, media, access protocol."""

    name = "wisdom"
    verbose_name = _("ภูมิปัญญาท้องถิ่น")
    # Menu entries (see core.navigation): add them when the pages exist.
    nav_items: list = []
    member_nav_items: list = []
