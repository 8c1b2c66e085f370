from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared core: accounts and roles, areas, producer groups, partner
    organisations, Thai dates, permissions, uploads and protected files."""

    name = "core"
    verbose_name = _("ข้อมูลหลัก")
    # Menu entries this app adds to the site navigation (see core.navigation).
    nav_items = [{"url_name": "core:group_list", "label": _("กลุ่มผู้ผลิต"), "order": 90}]

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
