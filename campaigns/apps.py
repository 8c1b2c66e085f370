from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    """Partners' support, development issues, PR campaigns and tracked links."""

    name = "campaigns"
    verbose_name = _("ภาคีเครือข่ายและประชาสัมพันธ์")
    nav_items: list = []
    # /partner/ is the partner portal; producers are sent on to their own issues, staff see all.
    member_nav_items = [
        {"url_name": "campaigns:partner_home", "label": _("ประเด็นปัญหาและภาคี"), "order": 70},
    ]

    def ready(self):
        from core import pagecache

        # A scan of a tracked link counts a click: no public page shows it (core.pagecache keeps its pages).
        pagecache.ignore("campaigns.linkclickday")
