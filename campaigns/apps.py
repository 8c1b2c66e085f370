from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    """Partners' support, development issues, PR campaigns and tracked links."""

    name = "campaigns"
    verbose_name = _("ภาคีเครือข่ายและประชาสัมพันธ์")
    # Menu entries (see core.navigation): add them when the pages exist.
    nav_items: list = []
    member_nav_items: list = []
